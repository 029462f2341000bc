"""What the code emits matches notifications.schemas, and every declared type is emitted somewhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django_celery_beat.models import PeriodicTask

from executions import executors
from executions.services import execution_cancel, execution_start
from executions.services.schedules import schedules_due, task_name
from notifications.models import Event, Notification
from notifications.schemas import SCHEMAS
from notifications.services import subscription_create
from pipelines import services
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)


def emitted_types() -> set[str]:
    return set(Event.objects.values_list("type", flat=True))


def test_every_emitted_event_matches_its_schema(make_pipeline, editor, settings):
    settings.SLUICE_HEARTBEAT_SECONDS = 0.05
    # success with a skipped branch and logs, a retried step, a failure, a cancel, a schedule, edits
    branchy = make_pipeline(
        chain(
            ("src", "t.rows", {"n": 4}),
            ("split", "t.split", {"threshold": 10}),
            ("low", "t.add", {}),
            ("high", "t.add", {}),
            ("dl", "t.sink", {"name": "l"}),
            ("dh", "t.sink", {"name": "h"}),
            edges=[("src", "split"), ("split.low", "low"), ("split.high", "high"), ("low", "dl"), ("high", "dh")],
        ),
        name="Branchy",
        schedule_cron="* * * * *",
        schedule_enabled=True,
    )
    subscription_create(
        user=editor, topic=f"pipeline:{branchy.pk}", event_types=["execution.failed", "execution.succeeded"]
    )
    execution_start(pipeline=branchy, user=editor)
    executors.run_inline_until_idle()
    flaky = make_pipeline(
        chain(("src", "t.rows", {"n": 2}), ("f", "t.add", {"fail_times": 1}), ("dst", "t.sink", {"name": "f"})),
        name="Flaky",
        default_params={"sluice_retry": {"max_attempts": 2, "backoff_seconds": 0}},
    )
    execution_start(pipeline=flaky, user=editor)
    executors.run_inline_until_idle()
    broken = make_pipeline(
        chain(("src", "t.rows", {"n": 2}), ("f", "t.add", {"fail_times": 5}), ("dst", "t.sink", {"name": "b"})),
        name="Broken",
    )
    execution_start(pipeline=broken, user=editor)
    executors.run_inline_until_idle()
    cancelled = execution_start(pipeline=broken, user=editor)
    execution_cancel(execution=cancelled, by=editor)
    executors.run_inline_until_idle()
    PeriodicTask.objects.filter(name=task_name(branchy.pk)).update(last_run_at=datetime.now(UTC) - timedelta(hours=1))
    schedules_due()
    executors.run_inline_until_idle()
    # progress needs a past duration to estimate from: a slow step, twice
    import tests.e2e.nodes  # noqa: F401  (e2e.sleep, e2e.sink)

    slow = make_pipeline(
        {
            "nodes": [
                {"key": "src", "type": "t.rows", "config": {"n": 1}},
                {"key": "nap", "type": "e2e.sleep", "config": {"seconds": 0.3}},
                {"key": "dst", "type": "t.sink", "config": {"name": "slow"}},
            ],
            "edges": [{"source": "src", "target": "nap"}, {"source": "nap", "target": "dst"}],
        },
        name="Slow",
    )
    for _ in range(2):
        execution_start(pipeline=slow, user=editor)
        executors.run_inline_until_idle()
    from monitoring.services import metrics_sample, worker_heartbeat, worker_offline
    from monitoring.services.alerts import alert_acknowledge, alert_fire, alert_resolve, alert_rule_save

    rule = alert_rule_save(name="any failure", kind="execution_failed", recipients=[editor])
    alert_acknowledge(alert=alert_fire(rule=rule, subject="pipeline:x", message="failed"), user=editor)
    alert_resolve(rule=rule, subject="pipeline:x", message="fine again")
    metrics_sample()
    worker_heartbeat(name="w@test", pid=1)
    worker_offline(name="w@test")
    services.pipeline_update(pipeline=broken, user=editor, description="edited")
    services.pipeline_delete(pipeline=broken, user=editor)
    _quality_issue_lifecycle(editor)
    _git_syncs(editor)
    _report_delivered(editor)

    for event in Event.objects.all():
        schema, version = SCHEMAS[event.type]
        schema.model_validate(event.data)
        assert event.version == version
    missing = set(SCHEMAS) - emitted_types()
    assert not missing, f"declared but never emitted: {sorted(missing)}"
    assert Notification.objects.filter(user=editor, title__contains="succeeded").exists()
    # events of one execution come in order: queued, started, ..., succeeded
    first = Event.objects.filter(topic__startswith="execution:").order_by("id").first()
    kinds = list(Event.objects.filter(topic=first.topic).order_by("id").values_list("type", flat=True))
    assert kinds[0] == "execution.queued" and kinds[1] == "execution.started" and kinds[-1] == "execution.succeeded"
    assert "step.skipped" in kinds and "step.log" in kinds


def _quality_issue_lifecycle(owner) -> None:
    """quality.issue_opened, .issue_resolved and .issue_reopened: a rule fails, is resolved, fails again."""
    from django.utils import timezone

    from quality.models import QualityIssue
    from quality.services.issues import issue_resolve
    from quality.services.results import quality_results_record
    from tests.quality.seeding import quality_pipeline, seed_run

    pipeline = quality_pipeline(owner, name="Checked")
    start = timezone.now() - timedelta(hours=1)
    for minutes, failed in ((0, 5), (1, 0), (3, 2)):
        if minutes == 3:
            issue_resolve(issue=QualityIssue.objects.get(pipeline=pipeline), user=owner, note="fixed")
        execution = seed_run(
            pipeline, at=start + timedelta(minutes=minutes), failures={"id_present": 0, "amount_positive": failed}
        )
        quality_results_record(execution_id=execution.pk)
    # quality.sla_breached: a run still going past its pipeline's duration SLA
    from executions.models import Execution
    from quality.services.sla import sla_set, slas_check

    sla_set(pipeline=pipeline, max_seconds=1)
    Execution.objects.create(
        pipeline=pipeline,
        version=pipeline.current_version,
        status="running",
        started_at=timezone.now() - timedelta(seconds=5),
    )
    assert len(slas_check()) == 1


def _report_delivered(owner) -> None:
    """report.delivered: a report sent by email (locmem) and to a webhook the SSRF guard refuses."""
    from reports.services import report_create, report_send

    report = report_create(
        user=owner, name="Evented", blocks=[{"kind": "kpis"}], email_recipients=["ops@example.com"],
        webhook_url="http://127.0.0.1:9/hook",
    )  # fmt: skip
    assert [d.status for d in report_send(report=report, user=owner)] == ["sent", "failed"]


def _git_syncs(owner) -> None:
    """git.synced and git.failed, as the sync service announces a finished sync (the syncs themselves run
    against real repositories in tests/gitsync/)."""
    from django.db import transaction

    from gitsync.models import GitRepository, GitSync
    from gitsync.services.events import sync_event

    repository = GitRepository.objects.create(owner=owner, name="docs", url="/srv/git/docs.git")
    done = {"status": GitSync.Status.SUCCEEDED, "commit_after": "a" * 40, "applied": 1}
    broken = {"status": GitSync.Status.FAILED, "error": "the branch main is missing"}
    for fields in (done, broken):
        sync = GitSync.objects.create(repository=repository, trigger=GitSync.Trigger.MANUAL, **fields)
        with transaction.atomic():
            sync_event(sync)
