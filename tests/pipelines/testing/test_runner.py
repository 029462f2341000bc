"""The pipeline-test runner on the real node types: fixtures in, golden rows compared within tolerances.

Every tolerance is tested both ways: a test that must pass passes, and one that must fail fails."""

from __future__ import annotations

import base64
import io

import polars as pl
import pytest
from django.core.exceptions import ValidationError

from pipelines.graph import Graph
from pipelines.testing.compare import compare_frames
from pipelines.testing.runner import ERROR, FAILED, PASSED, run_test, run_tests_job
from pipelines.testing.spec import DEFAULTS, MAX_ROWS, parse_spec
from tests.pipelines.testing.helpers import DEST, FILTER_GRAPH, ORDERS, SOURCE, chain, edge, node


def run(graph: dict, **spec) -> dict:
    spec.setdefault("name", "t")
    spec.setdefault("fixtures", {"src": {"rows": ORDERS}})
    return run_test(Graph.from_dict(graph), parse_spec(spec)).result


KEPT = [r for r in ORDERS if r["amount"] > 0]


# --- node types ------------------------------------------------------------------------------------


def test_filter_passes_with_the_kept_rows():
    result = run(FILTER_GRAPH, expect={"dst": {"rows": KEPT}})
    assert result["status"] == PASSED, result
    assert result["outputs"]["dst"]["rows"] == 3


def test_filter_fails_when_a_row_is_missing_and_names_it():
    result = run(FILTER_GRAPH, expect={"dst": {"rows": ORDERS}})
    assert result["status"] == FAILED
    diff = result["outputs"]["dst"]
    assert diff["counts"] == {"missing": 1, "extra": 0, "changed_rows": 0}
    assert diff["missing_rows"] == [{"id": 2, "region": "south", "amount": -3.0, "status": "refund"}]
    assert "1 of 1 outputs differ: dst" in result["error"]


def test_map_derives_and_renames():
    graph = chain(
        SOURCE,
        node("calc", "transform.map", {"derive": [{"name": "double", "expr": "amount * 2"}], "rename": {"id": "key"}}),
        DEST,
    )
    expected = [
        {**{k: v for k, v in r.items() if k != "id"}, "key": r["id"], "double": r["amount"] * 2} for r in ORDERS
    ]
    assert run(graph, expect={"dst": {"rows": expected}})["status"] == PASSED
    wrong = [dict(r, double=r["double"] + 1) for r in expected]
    result = run(graph, expect={"dst": {"rows": wrong}})
    assert result["status"] == FAILED
    assert result["outputs"]["dst"]["counts"]["changed_rows"] == 4
    assert {c["column"] for c in result["outputs"]["dst"]["changed"]} == {"double"}


AGG = {
    "group_by": ["region"],
    "aggregations": [
        {"column": "amount", "function": "sum", "alias": "total"},
        {"column": "*", "function": "count", "alias": "orders"},
    ],
}


def test_aggregate_within_float_tolerance_and_in_any_order():
    graph = chain(SOURCE, node("agg", "transform.aggregate", AGG), DEST)
    golden = [{"region": "south", "total": 4.0, "orders": 2}, {"region": "north", "total": 14.75 + 1e-12, "orders": 2}]
    assert run(graph, expect={"dst": {"rows": golden}})["status"] == PASSED


def test_aggregate_outside_the_float_tolerance_fails_with_the_changed_cell():
    graph = chain(SOURCE, node("agg", "transform.aggregate", AGG), DEST)
    golden = [{"region": "south", "total": 4.0, "orders": 2}, {"region": "north", "total": 14.8, "orders": 2}]
    result = run(graph, expect={"dst": {"rows": golden}})
    assert result["status"] == FAILED
    [cell] = result["outputs"]["dst"]["changed"]
    assert (cell["column"], cell["expected"], cell["actual"]) == ("total", 14.8, 14.75)
    # ... and a wider tolerance accepts it.
    assert run(graph, expect={"dst": {"rows": golden, "abs_tolerance": 0.1}})["status"] == PASSED
    assert run(graph, expect={"dst": {"rows": golden}}, tolerances={"rel_tolerance": 0.01})["status"] == PASSED


def test_row_order_matters_only_when_asked():
    graph = chain(SOURCE, node("order", "transform.sort", {"keys": [{"column": "id", "descending": True}]}), DEST)
    in_order = sorted(ORDERS, key=lambda r: -r["id"])
    assert run(graph, expect={"dst": {"rows": ORDERS}})["status"] == PASSED  # ignore_order defaults to true
    result = run(graph, expect={"dst": {"rows": ORDERS, "ignore_order": False}})
    assert result["status"] == FAILED
    assert run(graph, expect={"dst": {"rows": in_order, "ignore_order": False}})["status"] == PASSED
    assert run(graph, expect={"dst": {"rows": in_order}}, tolerances={"ignore_order": False})["status"] == PASSED


def test_column_subset_and_ignored_columns():
    subset = [{"id": r["id"]} for r in KEPT]
    assert run(FILTER_GRAPH, expect={"dst": {"rows": subset}})["status"] == FAILED  # extra columns
    assert run(FILTER_GRAPH, expect={"dst": {"rows": subset, "columns": ["id"]}})["status"] == PASSED
    no_status = [{k: v for k, v in r.items() if k != "status"} for r in KEPT]
    assert run(FILTER_GRAPH, expect={"dst": {"rows": no_status, "ignore_columns": ["status"]}})["status"] == PASSED
    result = run(FILTER_GRAPH, expect={"dst": {"rows": no_status}})
    assert result["outputs"]["dst"]["schema"]["extra_columns"] == ["status"]


def test_join_of_two_fixtures():
    customers = [{"region": "north", "manager": "Ana"}, {"region": "south", "manager": "Bo"}]
    graph = {
        "nodes": [
            SOURCE,
            node("people", "source.file", {"path": "people.csv", "format": "csv"}),
            node("j", "transform.join", {"how": "inner", "on": ["region"]}),
            DEST,
        ],
        "edges": [edge("src", "j", target_port="left"), edge("people", "j", target_port="right"), edge("j", "dst")],
    }
    expected = [dict(r, manager="Ana" if r["region"] == "north" else "Bo") for r in ORDERS]
    fixtures = {"src": {"rows": ORDERS}, "people": {"rows": customers}}
    assert run(graph, fixtures=fixtures, expect={"dst": {"rows": expected}})["status"] == PASSED
    expected[0]["manager"] = "Cy"
    result = run(graph, fixtures=fixtures, expect={"dst": {"rows": expected}})
    assert result["status"] == FAILED
    assert result["outputs"]["dst"]["changed"][0]["column"] == "manager"


def _quality(on_failure: str) -> dict:
    rules = [{"type": "range", "column": "amount", "min": 0, "name": "positive"}]
    return {
        "nodes": [SOURCE, node("check", "quality.validate", {"rules": rules, "on_failure": on_failure}), DEST],
        "edges": [edge("src", "check"), edge("check", "dst")],
    }


def test_quality_rules_route_rejected_rows_to_their_port():
    graph = _quality("reject")
    rejected = [dict(ORDERS[1], _sluice_failed_rules="positive")]
    result = run(graph, expect={"dst": {"rows": KEPT}, "check:rejected": {"rows": rejected}})
    assert result["status"] == PASSED, result
    result = run(graph, expect={"dst": {"rows": KEPT}, "check:rejected": {"rows": []}})
    assert result["status"] == FAILED
    assert result["outputs"]["check:rejected"]["counts"]["extra"] == 1


def test_a_failing_quality_rule_is_an_expected_error_or_an_error():
    graph = _quality("fail")
    wanted = {"node": "check", "message": "positive"}
    assert run(graph, expect_error=wanted)["status"] == PASSED
    result = run(graph, expect={"dst": {"rows": KEPT}})
    assert result["status"] == ERROR
    assert result["node"] == "check" and "positive" in result["error"]
    # The rule holds on clean rows: the expected error does not come, so the test fails.
    assert run(graph, fixtures={"src": {"rows": KEPT}}, expect_error=wanted)["status"] == FAILED


# --- what a test must give -------------------------------------------------------------------------


def test_a_source_without_a_fixture_is_an_error_naming_it():
    result = run(FILTER_GRAPH, fixtures={}, expect={"dst": {"rows": []}})
    assert result["status"] == ERROR
    assert result["node"] == "src" and "src has no fixture" in result["error"]


def test_a_fixture_for_a_node_that_is_not_a_source_is_an_error():
    result = run(FILTER_GRAPH, fixtures={"src": {"rows": ORDERS}, "keep": {"rows": []}}, expect={"dst": {"rows": []}})
    assert result["status"] == ERROR and "keep" in result["error"]


def test_an_expectation_of_an_unknown_node_or_port_is_an_error():
    assert "nope" in run(FILTER_GRAPH, expect={"nope": {"rows": []}})["error"]
    assert "no output port" in run(FILTER_GRAPH, expect={"keep:other": {"rows": []}})["error"]


def test_an_invalid_pipeline_is_an_error_with_its_problems():
    graph = chain(SOURCE, node("keep", "transform.nope"), DEST)
    result = run(graph, expect={"dst": {"rows": []}})
    assert result["status"] == ERROR
    assert result["problems"][0]["code"] == "unknown_type"


def test_a_bad_expression_fails_its_node_not_the_runner():
    graph = chain(SOURCE, node("keep", "transform.filter", {"condition": "no_such_column > 0"}), DEST)
    result = run(graph, expect={"dst": {"rows": []}})
    assert result["status"] == ERROR and result["node"] == "keep"


def test_no_connection_is_opened():
    graph = chain(node("src", "source.database", {"connection": "warehouse", "table": "orders"}), DEST)
    result = run(graph, expect={"dst": {"rows": ORDERS}})
    assert result["status"] == PASSED, result


def test_typed_fixtures_and_golden_dates():
    graph = chain(SOURCE, node("keep", "transform.filter", {"condition": "n > 1"}), DEST)
    rows = [{"n": 1, "day": "2024-01-01"}, {"n": 2, "day": "2024-01-03"}]
    fixtures = {"src": {"rows": rows, "schema": {"day": "date"}}}
    golden = [{"n": 2, "day": "2024-01-03"}]
    assert run(graph, fixtures=fixtures, expect={"dst": {"rows": golden}})["status"] == PASSED
    result = run(graph, fixtures=fixtures, expect={"dst": {"rows": golden, "schema": {"day": "string"}}})
    assert result["status"] == FAILED
    assert result["outputs"]["dst"]["schema"]["types"] == [{"column": "day", "expected": "String", "actual": "Date"}]
    assert run(graph, fixtures=fixtures, expect={"dst": {"rows": [{"n": 2, "day": "2024-01-04"}]}})["status"] == FAILED


def _file(frame: pl.DataFrame, fmt: str) -> str:
    buffer = io.BytesIO()
    {"csv": frame.write_csv, "parquet": frame.write_parquet, "ndjson": frame.write_ndjson}[fmt](buffer)
    return base64.b64encode(buffer.getvalue()).decode()


@pytest.mark.parametrize("fmt", ["csv", "parquet", "ndjson"])
def test_fixtures_and_golden_rows_as_files(fmt):
    fixture = {"format": fmt, "content": _file(pl.DataFrame(ORDERS), fmt)}
    golden = {"format": fmt, "content": _file(pl.DataFrame(KEPT), fmt)}
    assert run(FILTER_GRAPH, fixtures={"src": fixture}, expect={"dst": golden})["status"] == PASSED


# --- hostile input ---------------------------------------------------------------------------------


def test_too_many_inline_rows_are_refused():
    with pytest.raises(ValidationError) as caught:
        parse_spec({"name": "t", "fixtures": {"src": {"rows": [{"a": 1}] * (MAX_ROWS + 1)}}, "expect": {}})
    assert "fixtures.src.rows" in caught.value.message_dict


def test_a_parquet_file_of_too_many_rows_is_refused_before_it_is_read():
    huge = {"format": "parquet", "content": _file(pl.DataFrame({"a": range(MAX_ROWS + 5)}), "parquet")}
    result = run(FILTER_GRAPH, fixtures={"src": huge}, expect={"dst": {"rows": []}})
    assert result["status"] == ERROR and f"at most {MAX_ROWS} rows" in result["error"]


def test_a_csv_of_too_many_rows_is_refused():
    big = {"format": "csv", "content": base64.b64encode(b"a\n" + b"1\n" * (MAX_ROWS + 5)).decode()}
    result = run(FILTER_GRAPH, fixtures={"src": big}, expect={"dst": {"rows": []}})
    assert result["status"] == ERROR and "fixtures.src" in result["error"]


def test_a_file_over_the_size_cap_or_not_base64_is_refused():
    with pytest.raises(ValidationError):
        parse_spec({"name": "t", "fixtures": {"src": {"format": "csv", "content": "A" * (4 * 1024 * 1024)}}})
    with pytest.raises(ValidationError):
        parse_spec({"name": "t", "fixtures": {"src": {"format": "csv", "content": "not base64!"}}, "expect": {}})


def test_garbage_in_a_file_is_an_error_of_the_test():
    junk = {"format": "parquet", "content": base64.b64encode(b"PAR1 not really").decode()}
    result = run(FILTER_GRAPH, fixtures={"src": junk}, expect={"dst": {"rows": []}})
    assert result["status"] == ERROR and "fixtures.src" in result["error"]


def test_unknown_keys_are_refused():
    with pytest.raises(ValidationError) as caught:
        parse_spec({"name": "t", "expect": {"dst": {"rows": [], "ignore_ordr": True}}})
    assert any("ignore_ordr" in k for k in caught.value.message_dict)


def test_the_job_runs_every_test_and_summarizes():
    tests = [
        {"name": "good", "fixtures": {"src": {"rows": ORDERS}}, "expect": {"dst": {"rows": KEPT}}},
        {"name": "bad", "fixtures": {"src": {"rows": ORDERS}}, "expect": {"dst": {"rows": ORDERS}}},
    ]
    summary = run_tests_job(graph=FILTER_GRAPH, tests=tests, seconds=30)
    assert (summary["status"], summary["passed"], summary["failed"], summary["total"]) == (FAILED, 1, 1, 2)


def test_nan_and_nulls_compare_equal_and_stay_json():
    actual = pl.DataFrame({"x": [float("nan"), None, 1.0]})
    diff = compare_frames(actual, pl.DataFrame({"x": [None, float("nan"), 1.0]}), dict(DEFAULTS))
    assert diff["passed"]
    diff = compare_frames(actual, pl.DataFrame({"x": [2.0, None, 1.0]}), dict(DEFAULTS))
    assert not diff["passed"]
    import json

    json.dumps(diff, allow_nan=False)
