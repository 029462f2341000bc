"""transform.filter, transform.sort, transform.dedupe, transform.limit on real frames."""

from __future__ import annotations

import polars as pl
import pytest
from pydantic import ValidationError

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError

ROWS = pl.DataFrame(
    {
        "id": [1, 2, 3, 4, 5],
        "amount": [10.5, None, -3.0, 99.0, 10.5],
        "status": ["paid", "new", "paid", None, "paid"],
        "名前": ["Zoë", "Ünï", "Ωmega", "Åsa", "Zoë"],
    }
)


def run(key: str, config: dict, frame: pl.DataFrame, *, port: str = "in") -> dict[str, pl.DataFrame]:
    node_type = registry.get(key)
    built = node_type.execute(BuildContext(node_key="n"), node_type.parse_config(config), {port: frame.lazy()})
    return {p: f.collect() for p, f in built.items()}


def schema_of(key: str, config: dict, schema: pl.Schema) -> dict[str, pl.Schema]:
    node_type = registry.get(key)
    return node_type.output_schema(
        BuildContext(node_key="n", mode="schema"), node_type.parse_config(config), {"in": schema}
    )


def refused(key: str, config: dict, frame: pl.DataFrame) -> NodeError:
    with pytest.raises(NodeError) as info:
        run(key, config, frame)
    return info.value


# --- filter ---------------------------------------------------------------------------------------


def test_filter_keeps_true_rows_and_drops_nulls():
    out = run("transform.filter", {"condition": "amount > 0 AND status = 'paid'"}, ROWS)["out"]
    assert out["id"].to_list() == [1, 5]


def test_filter_on_unicode_column_and_values():
    out = run("transform.filter", {"condition": "\"名前\" IN ('Zoë', 'Åsa')"}, ROWS)["out"]
    assert out["id"].to_list() == [1, 4, 5]


def test_filter_empty_input_keeps_schema():
    empty = ROWS.clear()
    out = run("transform.filter", {"condition": "amount > 0"}, empty)["out"]
    assert out.height == 0 and out.schema == ROWS.schema


def test_filter_huge_strings():
    big = "x" * 2_000_000
    frame = pl.DataFrame({"s": [big, "short", big + "y"]})
    out = run("transform.filter", {"condition": "length(s) > 1000000"}, frame)["out"]
    assert out.height == 2 and out["s"][1].endswith("y")


@pytest.mark.parametrize(
    ("condition", "text"),
    [
        ("amount * 2", "boolean"),
        ("amout > 0", "Did you mean 'amount'?"),
        ("amount >>> 0", "cannot read the SQL expression"),
        ("status + 1 > 0", "does not fit the input columns"),
    ],
)
def test_filter_refusals(condition, text):
    err = refused("transform.filter", {"condition": condition}, ROWS)
    assert err.field == "condition" and text in err.message


def test_filter_config_refuses_empty_and_unknown_keys():
    node_type = registry.get("transform.filter")
    with pytest.raises(ValidationError):
        node_type.parse_config({"condition": ""})
    with pytest.raises(ValidationError):
        node_type.parse_config({"condition": "a > 1", "conditon": "x"})


def test_filter_schema_is_the_input_schema():
    assert schema_of("transform.filter", {"condition": "amount > 0"}, ROWS.schema) == {"out": ROWS.schema}


# --- sort -----------------------------------------------------------------------------------------


def test_sort_multiple_keys_stable_nulls():
    config = {"keys": [{"column": "status", "nulls_last": True}, {"column": "amount", "descending": True}]}
    out = run("transform.sort", config, ROWS)["out"]
    # new, paid(10.5 id1, 10.5 id5 stable, -3.0), then null status last
    assert out["id"].to_list() == [2, 1, 5, 3, 4]


def test_sort_nulls_first_by_default():
    out = run("transform.sort", {"keys": [{"column": "amount"}]}, ROWS)["out"]
    assert out["id"].to_list() == [2, 3, 1, 5, 4]


def test_sort_unknown_column_and_no_keys():
    err = refused("transform.sort", {"keys": [{"column": "id"}, {"column": "statu"}]}, ROWS)
    assert err.field == "keys.1.column" and err.column == "statu" and "Did you mean 'status'?" in err.message
    with pytest.raises(ValidationError):
        registry.get("transform.sort").parse_config({"keys": []})


def test_sort_empty_input():
    assert run("transform.sort", {"keys": [{"column": "id"}]}, ROWS.clear())["out"].height == 0


# --- dedupe ---------------------------------------------------------------------------------------


def test_dedupe_whole_rows_and_subset():
    frame = pl.DataFrame({"k": [1, 1, 2, None, None], "v": ["a", "a", "b", "c", "d"]})
    assert run("transform.dedupe", {}, frame)["out"].to_dicts() == [
        {"k": 1, "v": "a"},
        {"k": 2, "v": "b"},
        {"k": None, "v": "c"},
        {"k": None, "v": "d"},
    ]
    last = run("transform.dedupe", {"subset": ["k"], "keep": "last"}, frame)["out"]
    assert last["v"].to_list() == ["a", "b", "d"]
    none = run("transform.dedupe", {"subset": ["k"], "keep": "none"}, frame)["out"]
    assert none["v"].to_list() == ["b"]


def test_dedupe_refusals():
    err = refused("transform.dedupe", {"subset": ["id", "nope"]}, ROWS)
    assert err.field == "subset.1" and err.column == "nope"
    err = refused("transform.dedupe", {"subset": ["id", "id"]}, ROWS)
    assert err.field == "subset.1" and "twice" in err.message
    with pytest.raises(ValidationError):
        registry.get("transform.dedupe").parse_config({"keep": "middle"})


# --- limit ----------------------------------------------------------------------------------------


def test_limit_and_offset():
    assert run("transform.limit", {"n": 2}, ROWS)["out"]["id"].to_list() == [1, 2]
    assert run("transform.limit", {"n": 2, "offset": 3}, ROWS)["out"]["id"].to_list() == [4, 5]
    assert run("transform.limit", {"n": 0}, ROWS)["out"].height == 0
    assert run("transform.limit", {"n": 10, "offset": 100}, ROWS)["out"].height == 0


@pytest.mark.parametrize("config", [{"n": -1}, {"n": 10**9 + 1}, {"n": 1, "offset": -1}, {}])
def test_limit_bounds(config):
    with pytest.raises(ValidationError):
        registry.get("transform.limit").parse_config(config)
