"""Pipeline tests: fixtures for the sources, golden outputs for the destinations, run through the real node
code in memory (docs/testing-pipelines.md).

``spec`` (what a test says), ``frames`` (fixtures and golden files as Polars frames), ``runner`` (the graph
over the fixtures), ``compare`` (the diff within tolerances), ``report`` (text and JUnit XML),
``documents`` (``kind: PipelineTest`` files), ``services`` and ``selectors`` (the stored tests).
"""
