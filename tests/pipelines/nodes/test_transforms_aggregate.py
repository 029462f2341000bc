"""transform.aggregate: groups, functions, whole-frame summaries, type and name refusals."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from pydantic import ValidationError

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError

ROWS = pl.DataFrame(
    {
        "pays": ["FR", "DE", "FR", None, "FR"],
        "amount": [10, 5, None, 7, 1],
        "label": ["a", "b", "a", "c", None],
        "day": [dt.date(2024, 1, d) for d in (1, 2, 3, 4, 5)],
        "ok": [True, False, True, True, False],
    }
)


def run(config: dict, frame: pl.DataFrame = ROWS) -> pl.DataFrame:
    node_type = registry.get("transform.aggregate")
    built = node_type.execute(BuildContext(node_key="a"), node_type.parse_config(config), {"in": frame.lazy()})
    return built["out"].collect()


def refused(config: dict, frame: pl.DataFrame = ROWS) -> NodeError:
    with pytest.raises(NodeError) as info:
        run(config, frame)
    return info.value


def test_group_by_with_every_function_in_first_seen_order():
    functions = ["count", "sum", "mean", "min", "max", "median", "n_unique", "first", "last"]
    config = {
        "group_by": ["pays"],
        "aggregations": [{"column": "*", "function": "count"}]
        + [{"column": "amount", "function": f} for f in functions],
    }
    out = run(config)
    assert out.columns == ["pays", "count"] + [f"amount_{f}" for f in functions]
    fr = out.row(0, named=True)
    assert fr["pays"] == "FR"
    assert fr["count"] == 3 and fr["amount_count"] == 2  # count(*) counts rows, count(col) non-null values
    assert fr["amount_sum"] == 11 and fr["amount_mean"] == 5.5 and fr["amount_median"] == 5.5
    assert (fr["amount_min"], fr["amount_max"], fr["amount_n_unique"]) == (1, 10, 3)
    assert (fr["amount_first"], fr["amount_last"]) == (10, 1)
    assert out["pays"].to_list() == ["FR", "DE", None]  # null is a group of its own
    assert out.schema["count"] == pl.Int64 and out.schema["amount_n_unique"] == pl.Int64


def test_whole_frame_and_empty_input():
    config = {
        "aggregations": [
            {"column": "*", "function": "count", "alias": "rows"},
            {"column": "amount", "function": "sum", "alias": "total"},
            {"column": "day", "function": "max"},
        ]
    }
    out = run(config)
    assert out.to_dicts() == [{"rows": 5, "total": 23, "day_max": dt.date(2024, 1, 5)}]
    empty = run(config, ROWS.clear())
    assert empty.to_dicts() == [{"rows": 0, "total": 0, "day_max": None}]
    grouped = run({"group_by": ["pays"], "aggregations": config["aggregations"]}, ROWS.clear())
    assert grouped.height == 0 and grouped.columns == ["pays", "rows", "total", "day_max"]


def test_mean_of_booleans_and_dates_are_allowed():
    out = run({"aggregations": [{"column": "ok", "function": "mean"}, {"column": "day", "function": "median"}]})
    assert out["ok_mean"].to_list() == [0.6]
    assert out["day_median"].dt.date().to_list() == [dt.date(2024, 1, 3)]


@pytest.mark.parametrize("function", ["sum", "mean", "median"])
def test_numeric_function_over_text_is_refused(function):
    err = refused({"group_by": ["pays"], "aggregations": [{"column": "label", "function": function}]})
    assert err.field == "aggregations.0.column" and err.column == "label" and err.code == "type_error"
    assert function in err.message and "'label'" in err.message


def test_unknown_columns():
    err = refused({"group_by": ["pays", "contry"], "aggregations": [{"column": "*", "function": "count"}]})
    assert err.field == "group_by.1" and err.column == "contry"
    err = refused({"aggregations": [{"column": "*", "function": "count"}, {"column": "amout", "function": "sum"}]})
    assert err.field == "aggregations.1.column" and "Did you mean 'amount'?" in err.message


def test_name_clashes_are_refused():
    err = refused({"group_by": ["pays"], "aggregations": [{"column": "amount", "function": "sum", "alias": "pays"}]})
    assert err.field == "aggregations.0.alias" and err.column == "pays"
    err = refused({"aggregations": [{"column": "amount", "function": "sum"}, {"column": "amount", "function": "sum"}]})
    assert err.field == "aggregations.1.alias" and "amount_sum" in err.message


def test_config_refusals():
    node_type = registry.get("transform.aggregate")
    with pytest.raises(ValidationError, match="count"):
        node_type.parse_config({"aggregations": [{"column": "*", "function": "sum"}]})
    with pytest.raises(ValidationError):
        node_type.parse_config({"aggregations": []})
    with pytest.raises(ValidationError):
        node_type.parse_config({"aggregations": [{"column": "a", "function": "mode"}]})


def test_unicode_group_and_alias():
    frame = pl.DataFrame({"città": ["Roma", "Torino", "Roma"], "€": [1.5, 2.0, 3.0]})
    out = run({"group_by": ["città"], "aggregations": [{"column": "€", "function": "sum", "alias": "總計"}]}, frame)
    assert out.to_dicts() == [{"città": "Roma", "總計": 4.5}, {"città": "Torino", "總計": 2.0}]


def test_aggregation_of_an_expression_sums_a_case_per_group():
    config = {
        "group_by": ["pays"],
        "aggregations": [
            {"expr": "CASE WHEN label IN ('a', 'b') THEN 1 ELSE 0 END", "function": "sum", "alias": "ab"},
            {"expr": "amount * 2", "function": "max", "alias": "twice_max"},
            {"column": "*", "function": "count"},
        ],
    }
    out = run(config)
    assert out.to_dicts() == [
        {"pays": "FR", "ab": 2, "twice_max": 20, "count": 3},
        {"pays": "DE", "ab": 1, "twice_max": 10, "count": 1},
        {"pays": None, "ab": 0, "twice_max": 14, "count": 1},
    ]
    whole = run({"aggregations": [{"expr": "amount * 10", "function": "sum", "alias": "total"}]})
    assert whole.to_dicts() == [{"total": 230}]


def test_aggregation_of_an_expression_is_checked_like_a_column():
    err = refused({"aggregations": [{"expr": "amout + 1", "function": "sum", "alias": "x"}]})
    assert err.field == "aggregations.0.expr" and err.column == "amout" and "Did you mean 'amount'?" in err.message
    err = refused({"aggregations": [{"expr": "upper(label)", "function": "mean", "alias": "x"}]})
    assert err.field == "aggregations.0.expr" and err.code == "type_error" and "mean needs" in err.message


def test_aggregation_of_an_expression_config_refusals():
    node_type = registry.get("transform.aggregate")
    with pytest.raises(ValidationError, match="alias"):
        node_type.parse_config({"aggregations": [{"expr": "a + 1", "function": "sum"}]})
    with pytest.raises(ValidationError, match="either 'column' or 'expr'"):
        node_type.parse_config({"aggregations": [{"column": "a", "expr": "a + 1", "function": "sum", "alias": "x"}]})
    with pytest.raises(ValidationError, match="either 'column' or 'expr'"):
        node_type.parse_config({"aggregations": [{"function": "sum", "alias": "x"}]})
    with pytest.raises(ValidationError, match="not allowed"):  # the expression allowlist holds here too
        node_type.parse_config({"aggregations": [{"expr": "read_csv('/etc/passwd')", "function": "sum", "alias": "x"}]})


def test_lineage_of_an_expression_names_the_columns_it_reads():
    node_type = registry.get("transform.aggregate")
    config = node_type.parse_config(
        {"group_by": ["pays"], "aggregations": [{"expr": "amount * (1 - ok::int)", "function": "sum", "alias": "net"}]}
    )
    out = pl.Schema({"pays": pl.String, "net": pl.Int64})
    lineage = node_type.lineage(config, {"in": ROWS.schema}, {"out": out})
    assert lineage["out"]["net"] == [("in", 0, "amount"), ("in", 0, "ok")]
    assert lineage["out"]["pays"] == [("in", 0, "pays")]
