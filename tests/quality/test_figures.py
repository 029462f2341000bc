"""Every figure against values computed independently from the seeded runs: failure rates, pass rates per
rule per day, the rules table, the pipelines ranked by failing rules."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from quality.models import QualityResult
from quality.selectors import pass_rates_per_day, pipelines_by_quality, rules_of, span_of_days
from quality.services.results import quality_results_record
from tests import factories
from tests.quality.seeding import quality_pipeline, seed_run

pytestmark = pytest.mark.django_db

RULES = ("id_present", "amount_positive", "email_format")


@pytest.fixture
def seeded(pipeline):
    """40 runs over the last 10 days (several a day, some days twice as busy), random failures."""
    rng = random.Random(17)
    now = timezone.now().replace(microsecond=0)
    runs = []
    for i in range(40):
        at = now - timedelta(days=rng.randint(0, 9), hours=rng.randint(0, 5), minutes=i)
        rows = rng.randint(50, 500)
        failures = {rule: (rng.randint(1, rows) if rng.random() < 0.35 else 0) for rule in RULES}
        runs.append((at, rows, failures))
        quality_results_record(execution_id=seed_run(pipeline, at=at, rows=rows, failures=failures).pk)
    return runs


def test_failure_rates(seeded):
    expected = sorted(failures[rule] / rows for _, rows, failures in seeded for rule in RULES)
    stored = sorted(QualityResult.objects.values_list("failure_rate", flat=True))
    assert stored == pytest.approx(expected)


def test_pass_rates_per_rule_per_day(seeded, pipeline, owner):
    counts: dict[tuple[str, object], list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # runs, passed, rows, failed
    for at, rows, failures in seeded:
        for rule in RULES:
            cell = counts[(rule, at.astimezone(UTC).date())]
            cell[0] += 1
            cell[1] += failures[rule] == 0
            cell[2] += rows
            cell[3] += failures[rule]
    got = pass_rates_per_day(pipeline_id=pipeline.pk, span=span_of_days(30), user=owner)
    assert len(got) == len(counts)
    for row in got:
        runs, passed, rows, failed = counts[(row["rule"], row["day"])]
        assert (row["runs"], row["passed"], row["failed"]) == (runs, passed, runs - passed)
        assert row["pass_rate"] == pytest.approx(passed / runs)
        assert (row["rows_checked"], row["failed_rows"]) == (rows, failed)


def test_rules_table(seeded, pipeline, owner):
    rows = {r["rule"]: r for r in rules_of(pipeline_id=pipeline.pk, user=owner, span=span_of_days(30))}
    for rule in RULES:
        passes = sum(1 for _, _, failures in seeded if failures[rule] == 0)
        assert rows[rule]["runs"] == len(seeded)
        assert rows[rule]["pass_rate"] == pytest.approx(passes / len(seeded))
        assert rows[rule]["failed_rows"] == sum(failures[rule] for _, _, failures in seeded)
        assert rows[rule]["last_run_at"] == max(at for at, _, _ in seeded)


def test_the_summary_api_says_the_same(seeded, pipeline, owner, client_for):
    since = (timezone.now() - timedelta(days=30)).date().isoformat()
    response = client_for(owner).get("/api/quality/summary/", {"pipeline": pipeline.pk, "since": since})
    assert response.status_code == 200, response.content
    days = response.json()["days"]
    expected = pass_rates_per_day(pipeline_id=pipeline.pk, span=span_of_days(31), user=owner)
    assert [(d["rule"], d["day"], d["runs"], d["passed"]) for d in days] == [
        (r["rule"], r["day"].isoformat(), r["runs"], r["passed"]) for r in expected
    ]


def test_pipelines_ranked_by_failing_rules_then_open_issues(owner):
    now = timezone.now()
    calm = quality_pipeline(owner, name="Calm")
    noisy = quality_pipeline(owner, name="Noisy")
    one = quality_pipeline(owner, name="One failing")
    for p, failures in (
        (calm, {"a": 0, "b": 0}),
        (noisy, {"a": 2, "b": 3}),
        (noisy, {"a": 0, "b": 1}),
        (one, {"a": 4, "b": 0}),
    ):
        quality_results_record(execution_id=seed_run(p, at=now - timedelta(hours=1), failures=failures).pk)
    hidden = quality_pipeline(factories.UserFactory(role="editor"), name="Someone else's")
    quality_results_record(execution_id=seed_run(hidden, at=now, failures={"a": 9}).pk)
    rows = pipelines_by_quality(user=owner, span=span_of_days(7))
    assert [r["name"] for r in rows] == ["Noisy", "One failing", "Calm"]
    noisy_row = rows[0]
    assert (noisy_row["failing_rules"], noisy_row["open_issues"], noisy_row["results"]) == (2, 2, 4)
    assert noisy_row["pass_rate"] == pytest.approx(1 / 4)
    assert noisy_row["failed_rows"] == 6
    assert rows[2]["failing_rules"] == 0 and rows[2]["pass_rate"] == 1.0


def test_windows_bound_the_results(pipeline, owner):
    now = datetime.now(UTC)
    quality_results_record(execution_id=seed_run(pipeline, at=now - timedelta(days=40), failures={"a": 1}).pk)
    quality_results_record(execution_id=seed_run(pipeline, at=now - timedelta(days=2), failures={"a": 0}).pk)
    got = pass_rates_per_day(pipeline_id=pipeline.pk, span=span_of_days(30), user=owner)
    assert [(r["runs"], r["passed"]) for r in got] == [(1, 1)]
