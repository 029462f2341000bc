"""transform.join and transform.union on real frames: kinds, names, suffix clashes, type mismatches."""

from __future__ import annotations

import itertools

import polars as pl
import pytest
from pydantic import ValidationError

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.transforms.combine import join_columns

LEFT = pl.DataFrame({"id": [1, 2, 3, None], "name": ["Zoë", "Ünï", "Åsa", "x"], "v": [1.0, 2.0, 3.0, 4.0]})
RIGHT = pl.DataFrame({"id": [2, 3, 4, None], "name": ["b", "c", "d", "n"], "w": ["x", "y", "z", "n"]})


def join(config: dict, left: pl.DataFrame = LEFT, right: pl.DataFrame = RIGHT) -> pl.DataFrame:
    node_type = registry.get("transform.join")
    frames = {"left": left.lazy(), "right": right.lazy()}
    return node_type.execute(BuildContext(node_key="j"), node_type.parse_config(config), frames)["out"].collect()


def join_refused(config: dict, left: pl.DataFrame = LEFT, right: pl.DataFrame = RIGHT) -> NodeError:
    with pytest.raises(NodeError) as info:
        join(config, left, right)
    return info.value


def union(frames: list[pl.DataFrame], config: dict | None = None) -> pl.DataFrame:
    node_type = registry.get("transform.union")
    inputs = {"in": [f.lazy() for f in frames]}
    return node_type.execute(BuildContext(node_key="u"), node_type.parse_config(config or {}), inputs)["out"].collect()


# --- join -----------------------------------------------------------------------------------------


def test_inner_join_coalesces_keys_and_suffixes_clashes():
    out = join({"on": ["id"]})
    assert out.columns == ["id", "name", "v", "name_right", "w"]
    assert out.rows() == [(2, "Ünï", 2.0, "b", "x"), (3, "Åsa", 3.0, "c", "y")]


@pytest.mark.parametrize(
    ("how", "ids"),
    [
        ("left", [1, 2, 3, None]),
        ("right", [2, 3, 4, None]),
        ("semi", [2, 3]),
        ("anti", [1, None]),
    ],
)
def test_join_kinds(how, ids):
    out = join({"on": ["id"], "how": how})
    assert out["id"].to_list() == ids
    if how in ("semi", "anti"):
        assert out.columns == LEFT.columns


def test_full_join_keeps_every_row_and_coalesces_by_default():
    out = join({"on": ["id"], "how": "full"})
    assert sorted(out["id"].to_list(), key=lambda x: (x is None, x)) == [1, 2, 3, 4, None, None]
    assert "id_right" not in out.columns
    kept = join({"on": ["id"], "how": "full", "coalesce": False})
    assert "id_right" in kept.columns


def test_nulls_equal_lets_null_keys_match():
    assert join({"on": ["id"]}).height == 2
    assert join({"on": ["id"], "nulls_equal": True}).height == 3


def test_left_on_right_on_and_custom_suffix():
    right = RIGHT.rename({"id": "left_id"})
    out = join({"left_on": ["id"], "right_on": ["left_id"], "suffix": "_r"}, right=right)
    assert out.columns == ["id", "name", "v", "name_r", "w"]


def test_integer_keys_of_different_sizes_join():
    right = RIGHT.with_columns(pl.col("id").cast(pl.Int32))
    assert join({"on": ["id"]}, right=right).height == 2


def test_key_type_mismatch_is_refused():
    right = RIGHT.with_columns(pl.col("id").cast(pl.String))
    err = join_refused({"on": ["id"]}, right=right)
    assert err.field == "on.0" and err.code == "type_error" and "Int64" in err.message and "String" in err.message
    err = join_refused({"left_on": ["id"], "right_on": ["name"]})
    assert err.field == "right_on.0" and err.column == "name"


def test_unknown_keys_say_which_side():
    err = join_refused({"on": ["w"]})
    assert err.field == "on.0" and "left input" in err.message
    err = join_refused({"on": ["v"]})
    assert err.field == "on.0" and "right input" in err.message
    err = join_refused({"left_on": ["id"], "right_on": ["idd"]})
    assert err.field == "right_on.0" and "Did you mean 'id'?" in err.message


def test_suffix_clash_is_refused():
    left = LEFT.with_columns(name_right=pl.lit("already here"))
    err = join_refused({"on": ["id"]}, left=left)
    assert err.field == "suffix" and err.column == "name_right"
    assert join({"on": ["id"], "suffix": "_other"}, left=left).columns[-2] == "name_other"


def test_validate_keys_fails_on_duplicates():
    right = pl.concat([RIGHT, RIGHT])
    assert join({"on": ["id"]}, right=right).height == 4
    with pytest.raises(pl.exceptions.PolarsError):
        join({"on": ["id"], "validate_keys": "1:1"}, right=right)


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"on": ["id"], "left_on": ["id"], "right_on": ["id"]},
        {"left_on": ["id"]},
        {"left_on": ["id", "name"], "right_on": ["id"]},
        {"on": ["id"], "how": "cross"},
        {"on": ["id"], "how": "semi", "validate_keys": "1:1"},
    ],
)
def test_join_config_refusals(config):
    with pytest.raises(ValidationError):
        registry.get("transform.join").parse_config(config)


def test_empty_inputs():
    out = join({"on": ["id"], "how": "left"}, left=LEFT.clear(), right=RIGHT.clear())
    assert out.height == 0 and out.columns == ["id", "name", "v", "name_right", "w"]


HOWS = ["inner", "left", "right", "full", "semi", "anti"]


@pytest.mark.parametrize(("how", "coalesce", "keys"), list(itertools.product(HOWS, [True, False], ["on", "pairs"])))
def test_predicted_column_names_match_polars(how, coalesce, keys):
    left = pl.DataFrame({"id": [1], "k": ["a"], "v": [1.0]})
    right = pl.DataFrame({"id": [1], "k": ["a"], "v": [1], "w": ["x"]})
    config = {"how": how, "coalesce": coalesce}
    config.update({"on": ["id"]} if keys == "on" else {"left_on": ["id"], "right_on": ["v"]})
    if keys == "pairs":
        right = right.with_columns(pl.col("v").cast(pl.Int64))
    parsed = registry.get("transform.join").parse_config(config)
    predicted = [name for name, _ in join_columns(parsed, left.schema, right.schema)]
    assert join(config, left, right).columns == predicted


@pytest.mark.parametrize("how", ["inner", "left", "right", "full", "semi", "anti"])
def test_join_without_maintained_order_gives_the_same_rows(how):
    left = pl.DataFrame({"id": list(range(2000, 0, -1)), "v": list(range(2000))})
    right = pl.DataFrame({"id": list(range(0, 3000, 3)) * 2, "w": list(range(2000))})
    ordered = join({"on": ["id"], "how": how}, left, right)
    free = join({"on": ["id"], "how": how, "maintain_order": False}, left, right)
    assert free.columns == ordered.columns
    assert free.sort(free.columns, nulls_last=True).equals(ordered.sort(ordered.columns, nulls_last=True))
    if how in ("inner", "left", "semi", "anti"):  # the default keeps the left rows' order
        assert ordered["v"].is_sorted()


# --- union ----------------------------------------------------------------------------------------


def test_union_by_name_fills_missing_columns_and_widens_types():
    a = pl.DataFrame({"id": [1], "name": ["Zoë"]})
    b = pl.DataFrame({"name": ["Ünï"], "id": [2.5], "extra": [True]})
    c = pl.DataFrame({"id": [3]})
    out = union([a, b, c])
    assert out.columns == ["id", "name", "extra"]
    assert out.schema["id"] == pl.Float64
    assert out.rows() == [(1.0, "Zoë", None), (2.5, "Ünï", True), (3.0, None, None)]


def test_union_strict_accepts_reordered_columns_and_refuses_differences():
    a = pl.DataFrame({"id": [1], "name": ["a"]})
    assert union([a, a.select("name", "id")], {"mode": "strict"}).rows() == [(1, "a"), (1, "a")]
    with pytest.raises(NodeError) as info:
        union([a, a.drop("name")], {"mode": "strict"})
    assert info.value.field == "mode" and info.value.column == "name" and "input 1" in info.value.message
    with pytest.raises(NodeError) as info:
        union([a, a.with_columns(pl.col("id").cast(pl.String))], {"mode": "strict"})
    assert info.value.column == "id" and "String" in info.value.message
    with pytest.raises(NodeError) as info:
        union([a, a.with_columns(more=pl.lit(1))], {"mode": "strict"})
    assert info.value.column == "more"


def test_union_needs_two_inputs():
    with pytest.raises(NodeError, match="at least 2 inputs"):
        union([LEFT])
    with pytest.raises(NodeError, match="at least 2 inputs"):
        union([])


def test_union_incompatible_types_are_a_node_error():
    a = pl.DataFrame({"x": [[1, 2]]})
    b = pl.DataFrame({"x": [{"a": 1}]})
    with pytest.raises(NodeError):
        union([a, b])


def test_union_of_empty_frames():
    out = union([LEFT.clear(), RIGHT.clear()])
    assert out.height == 0 and out.columns == ["id", "name", "v", "w"]
