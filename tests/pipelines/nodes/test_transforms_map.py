"""transform.map: derive → cast → rename → drop → select, with field-level refusals."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from pydantic import ValidationError

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError

ROWS = pl.DataFrame(
    {
        "price": [2.5, 10.0, None],
        "qty": [2, 3, 1],
        "day": ["2024-01-31", "2024-02-29", None],
        "paid": ["yes", "No", None],
        "ville": ["Zürich", "Łódź", "東京"],
        "note": ["a", "b", "c"],
    }
)


def run(config: dict, frame: pl.DataFrame = ROWS) -> pl.DataFrame:
    node_type = registry.get("transform.map")
    built = node_type.execute(BuildContext(node_key="m"), node_type.parse_config(config), {"in": frame.lazy()})
    return built["out"].collect()


def schema_of(config: dict, schema: pl.Schema = ROWS.schema) -> pl.Schema:
    node_type = registry.get("transform.map")
    ctx = BuildContext(node_key="m", mode="schema")
    return node_type.output_schema(ctx, node_type.parse_config(config), {"in": schema})["out"]


def refused(config: dict, frame: pl.DataFrame = ROWS) -> NodeError:
    with pytest.raises(NodeError) as info:
        run(config, frame)
    return info.value


def test_derive_in_order_later_uses_earlier():
    out = run(
        {
            "derive": [
                {"name": "total", "expr": "price * qty"},
                {"name": "big", "expr": "total > 10"},
                {"name": "ville", "expr": "upper(ville)"},  # replaces in place
            ]
        }
    )
    assert out.columns == ["price", "qty", "day", "paid", "ville", "note", "total", "big"]
    assert out["total"].to_list() == [5.0, 30.0, None]
    assert out["big"].to_list() == [False, True, None]
    assert out["ville"].to_list() == ["ZÜRICH", "ŁÓDŹ", "東京"]


def test_documented_order_derive_cast_rename_drop_select():
    config = {
        "derive": [{"name": "n", "expr": "qty * 1"}],
        "cast": {"n": "string", "day": "date"},
        "rename": {"n": "n_text", "day": "jour"},
        "drop": ["note"],
        "select": ["jour", "n_text", "ville"],
    }
    out = run(config)
    assert out.columns == ["jour", "n_text", "ville"]
    assert out.schema == pl.Schema({"jour": pl.Date, "n_text": pl.String, "ville": pl.String})
    assert out["jour"].to_list() == [dt.date(2024, 1, 31), dt.date(2024, 2, 29), None]
    assert schema_of(config) == out.schema


def test_cast_text_to_boolean_datetime_and_numbers():
    frame = pl.DataFrame(
        {
            "b": [" yes", "FALSE", "0", None],
            "t": ["2024-01-02T03:04:05Z", "2024-01-03T00:00:00Z", None, None],
            "n": ["1", "2", "3", None],
        }
    )
    out = run({"cast": {"b": "boolean", "t": "datetime", "n": "int32"}}, frame)
    assert out["b"].to_list() == [True, False, False, None]
    assert out.schema["t"] == pl.Datetime("us") and out["t"][0] == dt.datetime(2024, 1, 2, 3, 4, 5)
    assert out.schema["n"] == pl.Int32


def test_cast_schema_matches_data_even_with_a_zone():
    frame = pl.DataFrame({"t": ["2024-01-02T03:04:05+02:00", "2024-01-02T03:04:05-01:00"]})
    out = run({"cast": {"t": "datetime"}}, frame)
    assert out.schema == schema_of({"cast": {"t": "datetime"}}, frame.schema)
    assert out["t"][0] == dt.datetime(2024, 1, 2, 1, 4, 5)


def test_strict_cast_fails_the_run_and_lenient_cast_nulls():
    frame = pl.DataFrame({"n": ["1", "oops"]})
    with pytest.raises(pl.exceptions.PolarsError):
        run({"cast": {"n": "int64"}}, frame)
    assert run({"cast": {"n": "int64"}, "strict_cast": False}, frame)["n"].to_list() == [1, None]
    with pytest.raises(pl.exceptions.PolarsError):
        run({"cast": {"n": "boolean"}}, frame)
    assert run({"cast": {"n": "boolean"}, "strict_cast": False}, frame)["n"].to_list() == [True, None]


def test_cast_to_categorical_from_numbers():
    out = run({"cast": {"qty": "categorical"}})
    assert out.schema["qty"] == pl.Categorical
    assert out["qty"].cast(pl.String).to_list() == ["2", "3", "1"]


def test_cast_impossible_conversion_is_refused_at_validation():
    frame = pl.DataFrame({"l": [[1, 2]]})
    with pytest.raises(NodeError) as info:
        schema_of({"cast": {"l": "date"}}, frame.schema)
    assert info.value.field == "cast.l" and info.value.column == "l" and "cannot convert" in info.value.message


def test_cast_unknown_type_is_a_config_error():
    with pytest.raises(ValidationError):
        registry.get("transform.map").parse_config({"cast": {"qty": "bigint"}})


@pytest.mark.parametrize(
    ("config", "field", "column"),
    [
        ({"rename": {"prix": "cost"}}, "rename.prix", "prix"),
        ({"cast": {"quantity": "int64"}}, "cast.quantity", "quantity"),
        ({"drop": ["note", "nope"]}, "drop.1", "nope"),
        ({"select": ["price", "qty", "dya"]}, "select.2", "dya"),
        ({"rename": {"day": "jour"}, "select": ["day"]}, "select.0", "day"),  # select sees renamed names
        ({"drop": ["note"], "select": ["note"]}, "select.0", "note"),
        ({"derive": [{"name": "x", "expr": "prix * 2"}]}, "derive.0.expr", "prix"),
    ],
)
def test_unknown_columns_name_the_field(config, field, column):
    err = refused(config)
    assert err.field == field and err.column == column
    assert field in err.message


def test_rename_clash_is_refused():
    err = refused({"rename": {"price": "qty"}})
    assert err.field == "rename.price" and "two columns named 'qty'" in err.message
    err = refused({"rename": {"price": "x", "qty": "x"}})
    assert err.field.startswith("rename.") and "'x'" in err.message


def test_rename_swap_is_fine():
    out = run({"rename": {"price": "qty", "qty": "price"}})
    assert out["price"].to_list() == [2, 3, 1]


def test_select_twice_is_refused():
    err = refused({"select": ["qty", "qty"]})
    assert err.field == "select.1" and "twice" in err.message


def test_derive_type_error_names_the_field():
    err = refused({"derive": [{"name": "ok", "expr": "qty + 1"}, {"name": "bad", "expr": "ville * 2"}]})
    assert err.field == "derive.1.expr" and err.code == "type_error"


def test_empty_input_and_huge_strings():
    assert run({"derive": [{"name": "t", "expr": "price * qty"}]}, ROWS.clear()).height == 0
    frame = pl.DataFrame({"s": ["é" * 1_000_000]})
    out = run({"derive": [{"name": "n", "expr": "length(s)"}]}, frame)
    assert out["n"].to_list() == [1_000_000]


def test_empty_config_is_a_no_op():
    assert run({}).equals(ROWS)


def test_column_names_are_taken_exactly_spaces_included():
    frame = pl.DataFrame({"amount ": [1, 2], "x": [3, 4]})
    out = run({"rename": {"amount ": "amount"}, "select": ["amount"]}, frame)
    assert out.to_dicts() == [{"amount": 1}, {"amount": 2}]
    err = refused({"drop": ["amount"]}, frame)
    assert err.field == "drop.0" and "Did you mean 'amount '?" in err.message
