"""Every node type's SQL on Spark gives its Polars build's rows: the node-by-node matrix of
tests/pipelines/test_sql_compile.py (the same test functions, imported) run against the real local Spark
cluster (the session's ``spark_cluster``, through Spark Connect) instead of DuckDB and PostgreSQL. Inputs are
loaded as temp views from the Polars frames (through Arrow); the compiled SELECT is generated in sqlglot's
``spark`` dialect, run, and read back through Arrow."""

from __future__ import annotations

import contextlib
import itertools
from types import SimpleNamespace

import polars as pl
import pytest
from pyspark.sql.pandas.types import from_arrow_schema
from sqlglot import exp

from pipelines.connectors.spark import spark_session
from pipelines.nodes.sqlcompile import SqlInput, generate, ident
from tests.pipelines.test_sql_compile import (  # noqa: F401  (collected here against Spark)
    test_aggregate_gives_polars_values,
    test_aggregate_over_everything_and_over_nothing,
    test_aggregate_refuses_first_and_last,
    test_branch_routes_like_polars,
    test_dedupe_gives_polars_rows,
    test_dedupe_keep_any_keeps_one_row_per_key,
    test_dedupe_refuses_first_by_a_subset,
    test_expressions_without_an_equal_sql_form_are_refused,
    test_filter_gives_polars_rows,
    test_join_gives_polars_rows,
    test_join_refuses_key_validation,
    test_join_with_different_key_names_uncoalesced,
    test_limit_after_a_sort_keeps_polars_rows,
    test_limit_without_a_sort_is_refused,
    test_map_derive_chain_cast_rename_drop_select,
    test_map_derive_gives_polars_values,
    test_map_refuses_casts_whose_sql_differs,
    test_quality_rules_route_and_count_like_polars,
    test_quality_rules_without_an_equal_sql_form_are_refused,
    test_sort_orders_like_polars_nulls_and_text_included,
    test_union_gives_polars_rows,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("spark")]

_names = itertools.count()


@pytest.fixture(scope="module")
def spark(spark_cluster):
    connection = SimpleNamespace(
        config={
            "url": spark_cluster.connect_url,
            "allow_private_network": True,
            "settings": {"spark.sql.shuffle.partitions": 2, "spark.sql.session.timeZone": "UTC"},
        },
        secrets={"token": spark_cluster.token},
    )
    with spark_session(connection, timeout=600) as session:
        yield session


class SparkTarget:
    """The Target of tests/pipelines/test_sql_compile.py on Spark: frames as temp views, results as frames."""

    dialect = "spark"

    def __init__(self, session):
        self.session = session
        self.views: list[str] = []

    def load(self, frame: pl.DataFrame) -> SqlInput:
        name = f"input_{next(_names)}"
        table = frame.to_arrow()
        # An empty frame's types come from its Arrow schema (Spark cannot infer them from no rows).
        self.session.createDataFrame(table, schema=from_arrow_schema(table.schema)).createOrReplaceTempView(name)
        self.views.append(name)
        return SqlInput(exp.Table(this=ident(name)), frame.schema)

    def read(self, select: exp.Expression, schema: pl.Schema) -> pl.DataFrame:
        table = self.session.sql(generate(select, self.dialect)).toArrow()
        return pl.DataFrame(table.to_pylist(), schema=schema, orient="row", strict=False)

    def close(self) -> None:
        for name in self.views:
            with contextlib.suppress(Exception):
                self.session.catalog.dropTempView(name)


@pytest.fixture
def target(spark):
    one = SparkTarget(spark)
    yield one
    one.close()
