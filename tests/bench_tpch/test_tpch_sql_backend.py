"""TPC-H as pipelines on the sql backend: each query's document run through the real engine (inline
executor) as one SQL step on an embedded DuckDB over SF 0.01 data, published by the commit phase, gives
DuckDB's reference answer (bench/tpch.py's comparison). Not timed."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from bench import tpch
from executions import executors
from executions.models import Execution

SF = "0.01"


@pytest.fixture(scope="module")
def tables():
    return tpch.generate(SF)


@pytest.mark.django_db(transaction=True)
def test_every_pipeline_answers_like_duckdb_on_sql(settings, tables, staff):
    from executions.services import execution_start
    from pipelines.documents import document_apply, documents_parse
    from pipelines.models import Pipeline

    settings.SLUICE_EXECUTOR = "inline"
    for table in tpch.TABLES:
        shutil.copy(tables / f"{table}.parquet", settings.DATA_ROOT / f"{table}.parquet")
    problems = {}
    try:
        for query in tpch.QUERIES:
            (document,) = documents_parse(tpch.document_text(query), filename=f"{query}.yaml")
            document_apply(user=staff, document=document, as_version=True)
            pipeline = Pipeline.objects.get(slug=f"tpch-{query}")
            execution = execution_start(pipeline=pipeline, user=staff, backend="sql")
            executors.run_inline_until_idle()
            execution.refresh_from_db()
            assert execution.status == Execution.Status.SUCCEEDED, (query, execution.error)
            assert len({s.group for s in execution.steps.all()}) == 1  # the whole query: one step
            answer = pl.read_parquet(tpch.answer_path(settings.DATA_ROOT, query))
            problems[query] = tpch.compare(answer, tpch.duckdb_answer(query, settings.DATA_ROOT))
    finally:
        executors._inline.clear()
    assert {query: found for query, found in problems.items() if found} == {}
