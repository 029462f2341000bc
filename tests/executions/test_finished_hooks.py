"""The finished-run hooks run in a task of their own, sent after the finish commits, exactly once
(executions.services.finished), on every executor."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import transaction

from executions import executors, hooks
from executions.models import Execution
from executions.services import execution_cancel, execution_start
from executions.services import steps as step_services
from executions.services.finished import finished_hooks_run, finished_hooks_send
from executions.tasks import run_finished_hooks
from tests.executions.conftest import chain
from tests.local_pool import close_local_pool

pytestmark = pytest.mark.django_db(transaction=True)


class _Heard(list):
    def __init__(self):
        super().__init__()
        self.done = threading.Event()


@pytest.fixture
def heard():
    """Execution ids the hooks were called for, in order (a hook registered for the test)."""
    calls = _Heard()
    done = calls.done

    def hook(execution_id: int) -> None:
        calls.append(execution_id)
        done.set()

    hooks.on_execution_finished(hook)
    yield calls
    hooks._finished.remove(hook)
    executors._inline_tasks.clear()


def _pipeline(make_pipeline, **src):
    return make_pipeline(chain(("src", "t.rows", {"n": 3, **src}), ("dst", "t.sink", {"name": "out"})))


def test_the_hooks_run_once_after_the_finish_not_inside_it(make_pipeline, editor, heard, monkeypatch):
    finish = step_services.execution_finish
    during: list[tuple] = []

    def watched(**kwargs):
        result = finish(**kwargs)
        if result is not None and result.is_finished:
            during.append((list(heard), len(executors._inline_tasks)))
        return result

    monkeypatch.setattr(step_services, "execution_finish", watched)
    execution = execution_start(pipeline=_pipeline(make_pipeline), user=editor)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    assert during == [([], 1)]  # the finish only sent them
    assert heard == [execution.pk]
    executors.run_inline_until_idle()
    assert heard == [execution.pk]


def test_a_failed_and_a_cancelled_run_have_their_hooks_too(make_pipeline, editor, heard):
    failing = make_pipeline(
        chain(("src", "t.rows", {"n": 3}), ("a", "t.add", {"fail_times": 5}), ("dst", "t.sink", {"name": "o"}))
    )
    failed = execution_start(pipeline=failing, user=editor)
    executors.run_inline_until_idle()
    failed.refresh_from_db()
    assert failed.status == Execution.Status.FAILED
    cancelled = execution_start(pipeline=_pipeline(make_pipeline), user=editor)
    execution_cancel(execution=cancelled, by=editor)
    executors._inline.clear()  # its queued step: cancelled, nothing to run
    executors.run_inline_until_idle()
    cancelled.refresh_from_db()
    assert cancelled.status == Execution.Status.CANCELLED
    assert heard == [failed.pk, cancelled.pk]


def test_a_second_delivery_runs_nothing(heard):
    key = str(uuid.uuid4())
    assert finished_hooks_run(execution_id=123, key=key) is True
    assert run_finished_hooks(123, key) is False  # the task, as a redelivered message calls it
    assert heard == [123]
    other = str(uuid.uuid4())  # the same id in a database made again: another execution
    assert finished_hooks_run(execution_id=123, key=other) is True
    assert heard == [123, 123]


def test_the_task_is_sent_after_the_commit_to_the_step_queue(settings, heard, monkeypatch):
    settings.SLUICE_EXECUTOR = "celery"
    sent = []
    monkeypatch.setattr(run_finished_hooks, "apply_async", lambda **kw: sent.append(kw))
    with transaction.atomic():
        finished_hooks_send(execution_id=7, key="k")
        assert sent == []
    assert sent == [{"args": [7, "k"], "queue": settings.SLUICE_STEP_QUEUE}]
    with pytest.raises(RuntimeError), transaction.atomic():  # rolled back: never sent
        finished_hooks_send(execution_id=8, key="k")
        raise RuntimeError
    assert len(sent) == 1 and heard == []


def test_the_local_executor_runs_them_in_its_pool(settings, make_pipeline, editor, heard):
    settings.SLUICE_EXECUTOR = "local"
    try:
        execution = execution_start(pipeline=_pipeline(make_pipeline), user=editor)
        assert heard.done.wait(60), "the hooks never ran"
    finally:
        close_local_pool()
    execution.refresh_from_db()
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    assert heard == [execution.pk]
