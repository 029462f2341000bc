"""Data checks (pipelines.nodes.checks): every measurement and baseline against values computed
independently with numpy on seeded data, the judging and its messages, and the config's validation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from pydantic import ValidationError

from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.checks import (
    BLOCKED_CODE,
    Check,
    check_evaluate,
    checks_plan,
    checks_run_on,
    checks_validate,
    mad_baseline,
    zscore_baseline,
)
from pipelines.nodes.destinations.file import FileDestinationConfig
from pipelines.nodes.quality import QualityConfig

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _seeded(rows: int = 5000, seed: int = 17) -> tuple[pl.DataFrame, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    amount = rng.normal(100, 15, rows)
    emails = rng.integers(0, 700, rows)
    email_null = rng.random(rows) < 0.07
    amount_null = rng.random(rows) < 0.02
    ages = rng.integers(60, 86_400 * 3, rows)  # seconds before NOW
    frame = pl.DataFrame(
        {
            "amount": [None if n else float(a) for a, n in zip(amount, amount_null, strict=True)],
            "email": [None if n else f"u{e}@x.org" for e, n in zip(emails, email_null, strict=True)],
            "ts": [NOW.replace(tzinfo=None) - timedelta(seconds=int(a)) for a in ages],
            "day": [(NOW - timedelta(seconds=int(a))).date() for a in ages],
        }
    )
    return frame, {
        "amount": amount,
        "amount_null": amount_null,
        "emails": emails,
        "email_null": email_null,
        "ages": ages,
    }


def _ctx(history: dict[str, list] | None = None) -> BuildContext:
    history = history or {}
    return BuildContext(node_key="dst", check_history=lambda name, runs: list(history.get(name, []))[:runs])


def _checks(*specs: dict) -> list[Check]:
    return FileDestinationConfig.model_validate({"path": "out/x.parquet", "checks": list(specs)}).checks


def test_measurements_match_numpy_on_seeded_data():
    frame, raw = _seeded()
    checks = _checks(
        {"type": "row_count", "min": 0},
        {"type": "null_rate", "column": "email", "max": 1},
        {"type": "null_rate", "column": "amount", "max": 1},
        {"type": "distinct_count", "column": "email", "min": 0},
        {"type": "min", "column": "amount", "min": -1e9},
        {"type": "max", "column": "amount", "max": 1e9},
        {"type": "freshness", "column": "ts", "max": 1e9},
        {"type": "max", "column": "day", "max": 1e12, "name": "newest_day"},
    )
    stats = checks_plan(checks, frame.lazy()).collect()
    values = [check_evaluate(_ctx(), c, i, stats, frame.schema, NOW)["value"] for i, c in enumerate(checks)]
    kept_amounts = raw["amount"][~raw["amount_null"]]
    expected = [
        5000,
        raw["email_null"].mean(),
        raw["amount_null"].mean(),
        len(np.unique(raw["emails"][~raw["email_null"]])),
        kept_amounts.min(),
        kept_amounts.max(),
        float(raw["ages"].min()),  # the newest timestamp's age
        float((NOW - timedelta(seconds=int(raw["ages"].min()))).date().toordinal() - datetime(1970, 1, 1).toordinal())
        * 86_400,
    ]
    assert values == pytest.approx(expected, rel=1e-12, abs=1e-6)


def test_empty_frame_measures_zero_rows_and_no_nulls():
    frame = pl.DataFrame({"email": []}, schema={"email": pl.String})
    checks = _checks({"type": "row_count", "min": 1}, {"type": "null_rate", "column": "email", "max": 0.1})
    stats = checks_plan(checks, frame.lazy()).collect()
    first = check_evaluate(_ctx(), checks[0], 0, stats, frame.schema, NOW)
    second = check_evaluate(_ctx(), checks[1], 1, stats, frame.schema, NOW)
    assert (first["value"], first["passed"], first["message"]) == (0, False, "check row_count = 0 < min 1")
    assert (second["value"], second["passed"]) == (0.0, True)


def test_mad_and_zscore_baselines_match_numpy():
    rng = np.random.default_rng(5)
    history = list(rng.normal(0.02, 0.004, 25))
    median = float(np.median(history))
    mad = float(np.median(np.abs(np.array(history) - median)))
    assert mad_baseline(history) == pytest.approx((median, mad), rel=1e-12)
    assert zscore_baseline(history) == pytest.approx((float(np.mean(history)), float(np.std(history))), rel=1e-12)


def _judge(spec: dict, value: float, history: list[float]) -> dict:
    (check,) = _checks(spec)
    stats = pl.DataFrame({"c0": [value]})
    return check_evaluate(_ctx({check.name: history}), check, 0, stats, pl.Schema({"email": pl.String}), NOW)


def test_a_null_rate_far_above_its_mad_baseline_fails_with_the_figures():
    rng = np.random.default_rng(11)
    history = [float(x) for x in rng.normal(0.02, 0.003, 10)]
    median = float(np.median(history))
    mad = float(np.median(np.abs(np.array(history) - median)))
    spec = {"type": "null_rate", "column": "email", "baseline": {"runs": 10, "threshold": 3}}
    bad = _judge(spec, 0.31, history)
    assert bad["passed"] is False and bad["status"] == "blocked" and bad["severity"] == "critical"
    assert bad["baseline"]["center"] == pytest.approx(median) and bad["baseline"]["spread"] == pytest.approx(mad)
    assert bad["baseline"]["high"] == pytest.approx(median + 3 * mad)
    assert bad["baseline"]["score"] == pytest.approx((0.31 - median) / mad)
    assert bad["message"] == (
        f"check null_rate(email) = 0.31 > baseline {median:.4g} + 3·MAD ({mad:.4g}) = {median + 3 * mad:.4g} "
        "(median of the last 10 successful runs)"
    )
    inside = median + 2.9 * mad
    assert _judge(spec, inside, history)["passed"] is True
    below = _judge(spec, median - 3.5 * mad, history)
    assert below["passed"] is False and "< baseline" in below["message"]
    above_only = {**spec, "baseline": {**spec["baseline"], "direction": "above"}}
    assert _judge(above_only, median - 3.5 * mad, history)["passed"] is True


def test_zscore_baseline_uses_mean_and_population_sigma():
    rng = np.random.default_rng(3)
    history = [float(x) for x in rng.normal(1000, 40, 30)]
    mean, sigma = float(np.mean(history)), float(np.std(history))
    spec = {"type": "row_count", "baseline": {"method": "zscore", "runs": 30, "threshold": 2.5}, "action": "warn"}
    value = mean - 2.6 * sigma
    result = _judge(spec, value, history)
    assert result["passed"] is False and result["status"] == "warning" and result["severity"] == "warning"
    assert result["baseline"]["score"] == pytest.approx(-2.6, rel=1e-9)
    assert _judge(spec, mean + 2.4 * sigma, history)["passed"] is True


def test_only_the_last_n_runs_make_the_baseline_and_too_few_skip_it():
    spec = {"type": "row_count", "baseline": {"runs": 3, "min_runs": 3}}
    history = [100.0, 101.0, 99.0, 5000.0, 7000.0]  # newest first: only 100, 101, 99 count
    result = _judge(spec, 130.0, history)
    assert result["baseline"]["runs"] == 3 and result["baseline"]["center"] == 100.0
    assert result["passed"] is False
    skipped = _judge(spec, 1e9, [100.0, 101.0])
    assert skipped["passed"] is True and skipped["baseline"] == {"method": "mad", "runs": 2, "skipped": True}


def test_zero_spread_fails_any_change_and_passes_the_same_value():
    spec = {"type": "distinct_count", "column": "email", "baseline": {"runs": 5}}
    assert _judge(spec, 40.0, [40.0] * 5)["passed"] is True
    moved = _judge(spec, 41.0, [40.0] * 5)
    assert moved["passed"] is False and moved["baseline"]["score"] is None


def test_fixed_bounds_and_freshness():
    frame = pl.DataFrame({"ts": [NOW - timedelta(hours=5), NOW - timedelta(hours=30)]})
    (check,) = _checks({"type": "freshness", "column": "ts", "max": 4 * 3600, "action": "warn", "severity": "info"})
    result = check_evaluate(_ctx(), check, 0, checks_plan([check], frame.lazy()).collect(), frame.schema, NOW)
    assert result["value"] == pytest.approx(5 * 3600)
    assert (result["passed"], result["status"], result["severity"]) == (False, "warning", "info")
    assert result["message"] == "check freshness(ts) = 18000 > max 14400"


def test_schema_drift_against_the_last_successful_run():
    (check,) = _checks({"type": "schema_drift"})
    schema = pl.Schema({"id": pl.Int64, "email": pl.String, "score": pl.Float64})
    first = check_evaluate(_ctx(), check, 0, None, schema, NOW)
    assert first["passed"] is True and first["value"] == {"id": "Int64", "email": "String", "score": "Float64"}
    previous = {"id": "Int32", "email": "String", "name": "String"}
    drifted = check_evaluate(_ctx({"schema_drift": [previous]}), check, 0, None, schema, NOW)
    assert drifted["drift"] == {"added": ["score"], "removed": ["name"], "changed": {"id": ["Int32", "Int64"]}}
    assert drifted["message"] == "check schema_drift = added score; removed name; changed id Int32 → Int64"
    (lenient,) = _checks({"type": "schema_drift", "ignore_added": True})
    same_but_added = {"id": "Int64", "email": "String"}
    assert check_evaluate(_ctx({"schema_drift": [same_but_added]}), lenient, 0, None, schema, NOW)["passed"] is True


def test_a_blocking_failure_raises_with_the_report_and_a_warning_does_not():
    frame = pl.DataFrame({"email": ["a", None, None, None]})
    ctx = _ctx()
    warn = _checks({"type": "null_rate", "column": "email", "max": 0.5, "action": "warn"})
    results = checks_run_on(ctx, warn, frame)
    assert results[0]["value"] == 0.75 and results[0]["status"] == "warning"
    assert ctx.report["checks"] == results and ctx.report["rows"] == 4
    block = _checks({"type": "null_rate", "column": "email", "max": 0.5})
    with pytest.raises(NodeError) as caught:
        checks_run_on(_ctx(), block, frame)
    assert caught.value.code == BLOCKED_CODE
    assert str(caught.value) == "Publish refused by the checks of dst: check null_rate(email) = 0.75 > max 0.5."
    assert caught.value.report["checks"][0]["status"] == "blocked"


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"type": "null_rate", "max": 0.1}, "needs 'column'"),
        ({"type": "row_count", "column": "x", "min": 1}, "takes no 'column'"),
        ({"type": "row_count"}, "give a fixed bound"),
        ({"type": "row_count", "min": 5, "max": 1}, "'min' (5) is above 'max' (1)"),
        ({"type": "null_rate", "column": "x", "max": 1.5}, "between 0 and 1"),
        ({"type": "schema_drift", "max": 1}, "no min, max or baseline"),
        ({"type": "row_count", "baseline": {"runs": 3, "min_runs": 5}}, "'min_runs' (5) is above 'runs' (3)"),
        ({"type": "row_count", "baseline": {"runs": 1}}, "greater than or equal to 2"),
        ({"type": "row_count", "min": 1, "action": "explode"}, "'block' or 'warn'"),
        ({"type": "row_count", "min": float("nan")}, "finite number"),
        ({"type": "row_count", "min": 1, "name": "a,b"}, "String should match pattern"),
        ({"type": "row_count", "min": 1, "name": "a\x00b"}, "String should match pattern"),
        ({"type": "row_count", "min": 1, "name": "line\nbreak"}, "String should match pattern"),
        ({"type": "null_rate", "column": "x" * 256, "max": 0.1}, "at most 255 characters"),
        ({"type": "row_count", "min": 1, "extra": True}, "Extra inputs are not permitted"),
    ],
)
def test_bad_check_configs_are_refused(spec, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _checks(spec)


def test_names_are_unique_across_checks_and_rules():
    with pytest.raises(ValidationError, match="used twice"):
        _checks({"type": "row_count", "min": 1}, {"type": "row_count", "max": 9})
    with pytest.raises(ValidationError, match="used twice"):
        QualityConfig.model_validate(
            {
                "rules": [{"name": "volume", "type": "row_count", "min": 1}],
                "checks": [{"name": "volume", "type": "row_count", "min": 1}],
            }
        )


def test_columns_are_checked_against_the_input_schema():
    schema = pl.Schema({"email": pl.String, "n": pl.Int64})
    with pytest.raises(NodeError) as missing:
        checks_validate(_checks({"type": "null_rate", "column": "emial", "max": 0.1}), schema)
    assert missing.value.field == "checks.0.column" and "emial" in missing.value.message
    with pytest.raises(NodeError, match="freshness needs a date or timestamp"):
        checks_validate(_checks({"type": "freshness", "column": "n", "max": 60}), schema)
    with pytest.raises(NodeError, match="max measures numbers, dates or timestamps"):
        checks_validate(_checks({"type": "max", "column": "email", "max": 60}), schema)
    checks_validate(_checks({"type": "distinct_count", "column": "email", "min": 1}), schema)


def test_an_infinite_value_is_judged_and_stored_as_json_can():
    import json

    frame = pl.DataFrame({"amount": [1.0, float("inf")]})
    ctx = _ctx()
    with pytest.raises(NodeError, match=r"check max\(amount\) = inf > max 100"):
        checks_run_on(ctx, _checks({"type": "max", "column": "amount", "max": 100}), frame)
    assert ctx.report["checks"][0]["value"] is None
    json.loads(json.dumps(ctx.report, allow_nan=False))
    ok = checks_run_on(_ctx(), _checks({"type": "min", "column": "amount", "min": 0}), frame)
    assert ok[0]["value"] == 1.0 and ok[0]["passed"]
