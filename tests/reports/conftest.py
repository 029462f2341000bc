"""Seeded history for the report tests: runs with known statuses, durations and rows, quality results and
issues, on pipelines of two owners."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from executions.models import Execution
from pipelines.models import PipelineVersion, Tag
from quality.models import QualityIssue, QualityResult
from tests import factories


def make_pipeline(owner, name: str, tags: list[str] = ()):
    pipeline = factories.PipelineFactory(owner=owner, name=name)
    version = PipelineVersion.objects.create(pipeline=pipeline, number=1, graph={"nodes": [], "edges": []})
    pipeline.current_version = version
    pipeline.save()
    for t in tags:
        pipeline.tags.add(Tag.objects.get_or_create(name=t)[0])
    return pipeline


def make_run(pipeline, *, at, status: str, duration_s: float | None, rows_out: int = 0) -> Execution:
    execution = Execution.objects.create(
        pipeline=pipeline,
        version=pipeline.current_version,
        status=status,
        started_at=at if duration_s is not None else None,
        finished_at=at + timedelta(seconds=duration_s) if duration_s is not None else None,
        rows_out=rows_out,
    )
    Execution.objects.filter(pk=execution.pk).update(created_at=at)  # auto_now_add
    execution.created_at = at
    return execution


@dataclass
class Seed:
    now: Any
    mine: Any
    other: Any  # another editor's pipeline, not shared
    tagged: Any
    runs: list[dict[str, Any]] = field(default_factory=list)  # what was seeded on ``mine`` and ``tagged``
    results: list[dict[str, Any]] = field(default_factory=list)
    issues: list[Any] = field(default_factory=list)


def seed_history(owner, stranger, *, runs: int = 40, seed: int = 7) -> Seed:
    """``runs`` runs over the last 6 days on each of ``mine`` and ``tagged`` (owner's), and on ``other``
    (stranger's), with random statuses, durations and rows; a quality result per run of ``mine``; open
    and resolved issues."""
    rng = random.Random(seed)
    now = timezone.now()
    s = Seed(
        now=now,
        mine=make_pipeline(owner, "Orders"),
        other=make_pipeline(stranger, "Secret payroll"),
        tagged=make_pipeline(owner, "Tagged", tags=["finance"]),
    )
    for pipeline in (s.mine, s.tagged, s.other):
        for _ in range(runs):
            at = now - timedelta(seconds=rng.randint(60, 6 * 86400))
            status = rng.choice(["succeeded", "succeeded", "succeeded", "failed", "cancelled"])
            duration = round(rng.uniform(0.5, 120.0), 3)
            rows = rng.randint(0, 10_000)
            execution = make_run(pipeline, at=at, status=status, duration_s=duration, rows_out=rows)
            if pipeline is not s.other:
                s.runs.append({"pipeline": pipeline.pk, "at": at, "status": status, "duration": duration, "rows": rows})
            if pipeline is s.mine:
                passed = rng.random() < 0.7
                QualityResult.objects.create(
                    pipeline=pipeline, execution=execution, version_number=1, node_key="check", rule="id_present",
                    rule_type="not_null", rows_checked=100, failed_rows=0 if passed else 3,
                    failure_rate=0 if passed else 0.03, passed=passed, run_at=at,
                )  # fmt: skip
                s.results.append({"at": at, "passed": passed})
        # an old run, outside every window
        make_run(pipeline, at=now - timedelta(days=40), status="failed", duration_s=5.0, rows_out=1)
    for pipeline, rule, status in ((s.mine, "open_rule", "failing"), (s.mine, "done_rule", "resolved"),
                                   (s.other, "payroll_rule", "failing")):  # fmt: skip
        issue = QualityIssue.objects.create(
            pipeline=pipeline, node_key="check", rule=rule, rule_type="not_null", status=status,
            first_seen=now - timedelta(days=2), last_seen=now - timedelta(hours=1), last_run_at=now,
            affected_runs=3, affected_rows=9,
        )  # fmt: skip
        s.issues.append(issue)
    return s


@pytest.fixture
def stranger(db):
    return factories.UserFactory(role="editor")


@pytest.fixture
def seeded(editor, stranger):
    return seed_history(editor, stranger)
