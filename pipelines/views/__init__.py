"""Server-rendered pages of pipelines, their schedules and dependencies, templates and connections.

The pages sit above the apps (like config): besides pipelines' own services and selectors they call
the executions services a pipeline page needs (run, schedule preview, dependencies, run history) —
the same calls the API makes, with the same role checks. pipelines' models, services and selectors
still import nothing of executions.
"""
