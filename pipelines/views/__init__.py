"""Server-rendered pages of pipelines, their schedules, subscriptions, templates and connections.

The pages follow the arrows of the apps: what a pipeline page shows of runs (recent runs, the Run
action, the next fire times of a schedule, dependencies, the last and next run in the list) is served
by executions (executions/views_pipeline.py) and included here as htmx parts; nothing here imports
executions or monitoring. Notifications are below pipelines, so the subscription form is served here.
"""
