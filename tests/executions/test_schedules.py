from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django_celery_beat.models import PeriodicTask

from executions.models import Execution
from executions.services.schedules import schedule_next_runs, schedules_due, task_name
from pipelines import services
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)
GRAPH = chain(("src", "t.rows", {"n": 2}), ("dst", "t.sink", {"name": "sched"}))


def test_schedule_follows_the_pipeline(make_pipeline, editor):
    pipeline = make_pipeline(
        GRAPH, schedule_cron="30 6 * * 1-5", schedule_timezone="Europe/Paris", schedule_enabled=True
    )
    task = PeriodicTask.objects.get(name=task_name(pipeline.pk))
    assert task.enabled and task.task == "executions.run_scheduled" and json.loads(task.args) == [pipeline.pk]
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("30", "6", "1-5")
    assert str(task.crontab.timezone) == "Europe/Paris"
    services.pipeline_update(pipeline=pipeline, user=editor, status="paused")
    assert not PeriodicTask.objects.get(name=task_name(pipeline.pk)).enabled
    services.pipeline_update(pipeline=pipeline, user=editor, status="active", schedule_cron="0 7 * * *")
    task = PeriodicTask.objects.get(name=task_name(pipeline.pk))
    assert task.enabled and task.crontab.hour == "7"
    services.pipeline_update(pipeline=pipeline, user=editor, schedule_cron="", schedule_enabled=False)
    assert not PeriodicTask.objects.filter(name=task_name(pipeline.pk)).exists()


def test_deleting_the_pipeline_deletes_its_schedule(make_pipeline, editor):
    pipeline = make_pipeline(GRAPH, schedule_cron="0 * * * *", schedule_enabled=True)
    pk = pipeline.pk
    services.pipeline_delete(pipeline=pipeline, user=editor)
    assert not PeriodicTask.objects.filter(name=task_name(pk)).exists()


def test_next_runs_are_timezone_aware(make_pipeline):
    pipeline = make_pipeline(GRAPH, schedule_cron="0 9 * * *", schedule_timezone="America/New_York")
    runs = schedule_next_runs(pipeline=pipeline, count=3, after=datetime(2026, 3, 7, 12, tzinfo=UTC))
    # 9:00 in New York is 14:00 UTC before the DST change (8 March 2026) and 13:00 UTC after it.
    assert [r.astimezone(UTC).hour for r in runs] == [14, 13, 13]


def test_missed_runs_fire_once_not_in_a_burst(make_pipeline):
    pipeline = make_pipeline(GRAPH, schedule_cron="* * * * *", schedule_enabled=True)
    PeriodicTask.objects.filter(name=task_name(pipeline.pk)).update(last_run_at=datetime.now(UTC) - timedelta(hours=3))
    assert schedules_due() == [pipeline.pk]
    assert schedules_due() == []  # the next minute has not come yet
    assert Execution.objects.filter(pipeline=pipeline, trigger="schedule").count() == 1
