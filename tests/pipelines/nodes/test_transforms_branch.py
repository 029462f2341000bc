"""transform.branch: dynamic output ports, first-match and all-matches routing, nulls as false."""

from __future__ import annotations

import polars as pl
import pytest
from pydantic import ValidationError

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError

ROWS = pl.DataFrame({"id": [1, 2, 3, 4, 5], "amount": [5000.0, -10.0, 50.0, None, 2000.0], "ville": list("abcde")})
ROUTES = [{"port": "big", "condition": "amount >= 1000"}, {"port": "positive", "condition": "amount > 0"}]


def run(config: dict, frame: pl.DataFrame = ROWS) -> dict[str, list[int]]:
    node_type = registry.get("transform.branch")
    built = node_type.execute(BuildContext(node_key="b"), node_type.parse_config(config), {"in": frame.lazy()})
    return {port: f.collect()["id"].to_list() for port, f in built.items()}


def test_output_ports_come_from_the_config():
    node_type = registry.get("transform.branch")
    config = node_type.parse_config({"routes": ROUTES, "default_port": "rest"})
    assert node_type.output_ports(config) == ("big", "positive", "rest")
    assert node_type.output_ports(None) == ("default",)
    assert node_type.describe()["dynamic_outputs"] is True


def test_first_match_routes_each_row_once_and_nulls_go_to_default():
    out = run({"routes": ROUTES})
    assert out == {"big": [1, 5], "positive": [3], "default": [2, 4]}


def test_all_matches_routes_a_row_to_every_matching_port():
    out = run({"routes": ROUTES, "mode": "all_matches"})
    assert out == {"big": [1, 5], "positive": [1, 3, 5], "default": [2, 4]}


def test_every_row_lands_somewhere_in_first_match():
    out = run({"routes": ROUTES + [{"port": "negative", "condition": "amount < 0"}], "default_port": "other"})
    assert sorted(i for ids in out.values() for i in ids) == [1, 2, 3, 4, 5]
    assert out["other"] == [4]


def test_output_schemas_keep_the_input_columns():
    node_type = registry.get("transform.branch")
    ctx = BuildContext(node_key="b", mode="schema")
    schemas = node_type.output_schema(ctx, node_type.parse_config({"routes": ROUTES}), {"in": ROWS.schema})
    assert schemas == {"big": ROWS.schema, "positive": ROWS.schema, "default": ROWS.schema}


def test_empty_input():
    assert run({"routes": ROUTES}, ROWS.clear()) == {"big": [], "positive": [], "default": []}


@pytest.mark.parametrize(
    ("condition", "text"),
    [("amount", "boolean"), ("amont > 1", "Did you mean 'amount'?"), ("amount >", "cannot read")],
)
def test_bad_conditions_name_the_route(condition, text):
    with pytest.raises(NodeError) as info:
        run({"routes": [ROUTES[0], {"port": "x", "condition": condition}]})
    assert info.value.field == "routes.1.condition" and text in info.value.message


@pytest.mark.parametrize(
    "config",
    [
        {"routes": []},
        {"routes": [{"port": "default", "condition": "amount > 0"}]},
        {"routes": [{"port": "a", "condition": "amount > 0"}, {"port": "a", "condition": "amount < 0"}]},
        {"routes": [{"port": "1bad", "condition": "amount > 0"}]},
        {"routes": [{"port": "with space", "condition": "amount > 0"}]},
        {"routes": [{"port": "a", "condition": "amount > 0"}], "default_port": "a"},
        {"routes": [{"port": "a", "condition": "amount > 0"}], "mode": "any"},
    ],
)
def test_config_refusals(config):
    with pytest.raises(ValidationError):
        registry.get("transform.branch").parse_config(config)
