"""quality.validate: every rule type, fail and reject modes, reports with samples, refusals."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest
from pydantic import ValidationError

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.quality import FAILED_RULES_COLUMN

ROWS = pl.DataFrame(
    {
        "id": [1, 2, 2, 4, 5],
        "email": ["a@x.io", "bad", None, "d@x.io", "é@ü.de"],
        "amount": [10.0, -1.0, 5.0, None, 1000.5],
        "status": ["paid", "new", "lost", None, "paid"],
        "day": [dt.date(2024, 1, d) for d in (1, 2, 3, 4, 5)],
    }
)


def node():
    return registry.get("quality.validate")


def execute(config: dict, frame: pl.DataFrame = ROWS) -> tuple[dict[str, pl.DataFrame], dict]:
    ctx = BuildContext(node_key="q")
    built = node().execute(ctx, node().parse_config(config), {"in": frame.lazy()})
    return {p: f.collect() for p, f in built.items()}, ctx.report


def failure(config: dict, frame: pl.DataFrame = ROWS) -> tuple[NodeError, dict]:
    ctx = BuildContext(node_key="q")
    with pytest.raises(NodeError) as info:
        node().execute(ctx, node().parse_config(config), {"in": frame.lazy()})
    return info.value, ctx.report


def schema_of(config: dict, schema: pl.Schema = ROWS.schema) -> dict[str, pl.Schema]:
    ctx = BuildContext(node_key="q", mode="schema")
    return node().output_schema(ctx, node().parse_config(config), {"in": schema})


def by_name(report: dict) -> dict[str, dict]:
    return {r["name"]: r for r in report["rules"]}


# --- rule semantics (reject mode routes rows) -----------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "rejected_ids"),
    [
        ({"type": "not_null", "columns": ["email", "status"]}, [2, 4]),  # id 2 twice: 3rd row has null email
        ({"type": "unique", "columns": ["id"]}, [2, 2]),
        ({"type": "unique", "columns": ["id", "status"]}, []),
        ({"type": "range", "column": "amount", "min": 0, "max": 1000}, [2, 5]),
        ({"type": "range", "column": "amount", "min": -1, "max": 10, "inclusive": False}, [1, 2, 5]),
        ({"type": "range", "column": "day", "min": "2024-01-02", "max": "2024-01-04"}, [1, 5]),
        ({"type": "range", "column": "status", "min": "m"}, [2]),  # text compares lexicographically: "lost" < "m"
        ({"type": "regex", "column": "email", "pattern": r"^[^@\s]+@[^@\s]+$"}, [2]),
        ({"type": "accepted_values", "column": "status", "values": ["paid", "new"]}, [2]),
        ({"type": "accepted_values", "column": "id", "values": [1, 2, 5]}, [4]),
        ({"type": "accepted_values", "column": "amount", "values": [10, 5.0, 1000.5, -1]}, []),
        ({"type": "expression", "condition": "amount < 100 OR status = 'paid'"}, []),
        ({"type": "expression", "condition": "length(email) > 5"}, [2]),  # null passes, as in SQL CHECK
    ],
)
def test_rules_route_failing_rows(rule, rejected_ids):
    outputs, report = execute({"rules": [rule], "on_failure": "reject"})
    assert outputs["rejected"]["id"].to_list() == rejected_ids  # in input order
    assert outputs["out"].height + outputs["rejected"].height == ROWS.height
    assert report["rows"] == 5 and report["rules"][0]["failed"] == len(rejected_ids)
    assert report["rules"][0]["passed"] == 5 - len(rejected_ids)


def test_reject_mode_names_every_failed_rule_per_row():
    config = {
        "rules": [
            {"type": "not_null", "columns": ["email"]},
            {"name": "positive", "type": "range", "column": "amount", "min": 0},
            {"type": "unique", "columns": ["id"]},
        ],
        "on_failure": "reject",
    }
    outputs, report = execute(config)
    rejected = outputs["rejected"]
    assert rejected.columns == [*ROWS.columns, FAILED_RULES_COLUMN]
    assert rejected[FAILED_RULES_COLUMN].to_list() == ["positive,unique_id", "not_null_email,unique_id"]
    assert outputs["out"]["id"].to_list() == [1, 4, 5]
    assert outputs["out"].columns == ROWS.columns
    assert by_name(report)["positive"]["failed"] == 1
    assert report["on_failure"] == "reject"


def test_fail_mode_raises_with_report_and_samples():
    config = {
        "rules": [
            {"type": "not_null", "columns": ["email"]},
            {"type": "range", "column": "amount", "min": 0},
            {"type": "accepted_values", "column": "status", "values": ["paid", "new", "lost"]},
        ],
        "sample_size": 1,
    }
    err, report = failure(config)
    assert err.code == "quality_failed"
    assert "2 of 3 quality rules failed" in err.message
    assert "not_null_email (1 of 5 rows)" in err.message and "range_amount (1 of 5 rows)" in err.message
    assert err.report == report  # the step keeps it
    rules = by_name(report)
    assert rules["not_null_email"]["sample"] == [
        {"id": 2, "email": None, "amount": 5.0, "status": "lost", "day": "2024-01-03"}
    ]
    assert rules["range_amount"]["sample"][0]["id"] == 2
    assert rules["accepted_values_status"] == {
        "name": "accepted_values_status",
        "type": "accepted_values",
        "passed": 5,
        "failed": 0,
        "sample": [],
    }
    json.dumps(report, allow_nan=False)  # storable as JSON


def test_fail_mode_passing_data_goes_through():
    outputs, report = execute({"rules": [{"type": "not_null", "columns": ["id"]}]})
    assert outputs["out"].equals(ROWS)
    assert outputs["rejected"].height == 0 and FAILED_RULES_COLUMN in outputs["rejected"].columns
    assert report["rules"][0]["failed"] == 0


def test_sample_size_caps_and_huge_strings_are_shortened():
    frame = pl.DataFrame({"s": ["x" * 100_000] * 20, "n": list(range(20))})
    _, report = failure({"rules": [{"type": "regex", "column": "s", "pattern": "^y"}], "sample_size": 3}, frame)
    sample = report["rules"][0]["sample"]
    assert len(sample) == 3 and report["rules"][0]["failed"] == 20
    assert len(sample[0]["s"]) < 300 and sample[0]["s"].endswith("…")


def test_row_count_fails_even_in_reject_mode():
    config = {"rules": [{"type": "row_count", "min": 10}, {"type": "not_null", "columns": ["email"]}]}
    err, report = failure({**config, "on_failure": "reject"})
    assert "row_count (5 rows; expected at least 10)" in err.message
    assert by_name(report)["row_count"]["failed"] == 1
    outputs, report = execute({"rules": [{"type": "row_count", "min": 1, "max": 5}], "on_failure": "reject"})
    assert outputs["out"].height == 5 and outputs["rejected"].height == 0
    assert report["rules"][0]["passed"] == 1


def test_empty_input_passes_row_rules_and_fails_min_row_count():
    outputs, report = execute({"rules": [{"type": "unique", "columns": ["id"]}]}, ROWS.clear())
    assert outputs["out"].height == 0 and report["rows"] == 0
    err, _ = failure({"rules": [{"type": "row_count", "min": 1}]}, ROWS.clear())
    assert "0 rows" in err.message


def test_unicode_columns_and_values():
    frame = pl.DataFrame({"ville": ["Zürich", "東京", "Łódź"]})
    rule = {"type": "accepted_values", "column": "ville", "values": ["Zürich", "Łódź"]}
    outputs, _ = execute({"rules": [rule], "on_failure": "reject"}, frame)
    assert outputs["rejected"]["ville"].to_list() == ["東京"]


def test_categorical_and_datetime_columns():
    frame = pl.DataFrame(
        {
            "c": pl.Series(["a", "b", "z"], dtype=pl.Categorical),
            "t": [dt.datetime(2024, 1, 1, 12), dt.datetime(2024, 1, 2), dt.datetime(2025, 1, 1)],
        }
    ).with_columns(tz=pl.col("t").dt.replace_time_zone("UTC"))
    rules = [
        {"type": "accepted_values", "column": "c", "values": ["a", "b"]},
        {"type": "regex", "column": "c", "pattern": "^[ab]$"},
        {"type": "range", "column": "t", "max": "2024-12-31T23:59:59"},
        {"type": "range", "column": "tz", "min": "2024-01-01T13:00:00+02:00"},
    ]
    _, report = execute({"rules": rules, "on_failure": "reject"}, frame)
    assert [r["failed"] for r in report["rules"]] == [1, 1, 1, 0]


# --- schema propagation and refusals --------------------------------------------------------------


def test_output_schemas():
    schemas = schema_of({"rules": [{"type": "not_null", "columns": ["id"]}]})
    assert schemas["out"] == ROWS.schema
    assert schemas["rejected"] == pl.Schema({**ROWS.schema, FAILED_RULES_COLUMN: pl.String})
    only_count = schema_of({"rules": [{"type": "row_count", "min": 1}]})
    assert only_count["rejected"] == schemas["rejected"]


@pytest.mark.parametrize(
    ("rule", "field", "column"),
    [
        ({"type": "not_null", "columns": ["id", "emial"]}, "rules.0.columns.1", "emial"),
        ({"type": "unique", "columns": ["idd"]}, "rules.0.columns.0", "idd"),
        ({"type": "range", "column": "amout", "min": 0}, "rules.0.column", "amout"),
        ({"type": "regex", "column": "mail", "pattern": "x"}, "rules.0.column", "mail"),
        ({"type": "accepted_values", "column": "state", "values": ["a"]}, "rules.0.column", "state"),
        ({"type": "expression", "condition": "amont > 0"}, "rules.0.condition", "amont"),
    ],
)
def test_unknown_columns_are_refused_at_validation(rule, field, column):
    with pytest.raises(NodeError) as info:
        schema_of({"rules": [rule]})
    assert info.value.field == field and info.value.column == column
    assert field in info.value.message


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"type": "regex", "column": "amount", "pattern": "x"}, "rules.0.column"),
        ({"type": "range", "column": "amount", "min": "zero"}, "rules.0.min"),
        ({"type": "range", "column": "day", "max": "not a date"}, "rules.0.max"),
        ({"type": "range", "column": "day", "max": 5}, "rules.0.max"),
        ({"type": "accepted_values", "column": "status", "values": ["paid", 3]}, "rules.0.values.1"),
        ({"type": "accepted_values", "column": "id", "values": [1, "2"]}, "rules.0.values.1"),
        ({"type": "expression", "condition": "amount + 1"}, "rules.0.condition"),
    ],
)
def test_type_errors_are_refused_at_validation(rule, field):
    with pytest.raises(NodeError) as info:
        schema_of({"rules": [rule]})
    assert info.value.field == field and info.value.code in {"type_error"}


@pytest.mark.parametrize(
    ("config", "text"),
    [
        ({"rules": [{"type": "regex", "column": "email", "pattern": "[unclosed"}]}, "does not compile"),
        ({"rules": [{"type": "regex", "column": "email", "pattern": "a(?=b)"}]}, "look-around"),
        ({"rules": [{"type": "range", "column": "amount"}]}, "min"),
        ({"rules": [{"type": "row_count", "min": 5, "max": 1}]}, "above"),
        ({"rules": [{"type": "not_null", "columns": []}]}, "columns"),
        ({"rules": [{"type": "nope"}]}, "type"),
        ({"rules": []}, "rules"),
        ({"rules": [{"type": "row_count", "min": 1}], "sample_size": 101}, "sample_size"),
        ({"rules": [{"type": "row_count", "min": 1}], "on_failure": "warn"}, "on_failure"),
        (
            {"rules": [{"name": "a", "type": "row_count", "min": 1}, {"name": "a", "type": "row_count", "max": 9}]},
            "two rules",
        ),
        ({"rules": [{"name": "a,b", "type": "row_count", "min": 1}]}, "name"),
    ],
)
def test_config_refusals(config, text):
    with pytest.raises(ValidationError) as info:
        node().parse_config(config)
    assert text in str(info.value)


def test_default_names_are_unique():
    config = node().parse_config(
        {
            "rules": [
                {"type": "not_null", "columns": ["id"]},
                {"type": "not_null", "columns": ["id"]},
                {"name": "row_count", "type": "not_null", "columns": ["email"]},
                {"type": "row_count", "min": 1},
                {"type": "expression", "condition": "id > 0"},
            ]
        }
    )
    names = [r.name for r in config.rules]
    assert names == ["not_null_id", "not_null_id_1", "row_count", "row_count_3", "expression_4"]


def test_json_schema_is_a_clean_one_of():
    schema = node().describe()["config_schema"]
    items = schema["properties"]["rules"]["items"]
    assert items["discriminator"]["propertyName"] == "type"
    assert len(items["oneOf"]) == 7
    assert schema["$defs"]["NotNullRule"]["title"] == "Not null"


def test_text_values_are_compared_exactly():
    frame = pl.DataFrame({"code ": ["N/A ", "N/A", "ok"]})
    rule = {"type": "accepted_values", "column": "code ", "values": ["N/A ", "ok"]}
    outputs, _ = execute({"rules": [rule], "on_failure": "reject"}, frame)
    assert outputs["rejected"]["code "].to_list() == ["N/A"]
