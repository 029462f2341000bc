"""Generated CI workflows: the pipelines of a repository checked (and deployed) by CI (docs/ci.md).

``options.py`` validates what the user chose, ``github.py`` writes a GitHub Actions workflow from it (pure), and
``generate.py`` ties them to the database: the pipelines named must exist and be visible to the user.
"""
