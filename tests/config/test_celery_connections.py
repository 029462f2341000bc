"""config.celery: a worker keeps its database connection from one task to the next (Celery's Django fixup
closed it before and after every task), and Django's rule closes it when it is too old or broken."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from celery.fixups.django import DjangoWorkerFixup
from celery.signals import task_postrun, task_prerun
from django.db import connection

from config.celery import app

pytestmark = pytest.mark.django_db(transaction=True)  # a worker's connection is in autocommit


class _Task:  # what the signals' handlers look at of a task (senders must be hashable)
    name = "executions.run_step"

    def __init__(self, *, eager: bool) -> None:
        self.request = SimpleNamespace(is_eager=eager)


def _task(*, eager: bool = False) -> _Task:
    return _Task(eager=eager)


def _around_a_task(fixup: DjangoWorkerFixup, task) -> None:
    """What a worker does around a task: the fixup's handlers, then the others of the signals."""
    for signal in (task_prerun, task_postrun):
        fixup.close_database()
        signal.send(sender=task, task_id="t", task=task, args=[], kwargs={})


def test_the_connection_outlives_a_task():
    fixup = DjangoWorkerFixup(app)
    connection.ensure_connection()
    held = connection.connection
    for _ in range(3):
        _around_a_task(fixup, _task())
    assert connection.connection is held
    with connection.cursor() as cursor:  # and it still works
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_an_old_connection_is_closed_at_a_task(settings):
    fixup = DjangoWorkerFixup(app)
    connection.ensure_connection()
    held = connection.connection
    connection.close_at = time.monotonic() - 1  # older than CONN_MAX_AGE
    _around_a_task(fixup, _task())
    assert connection.connection is None or connection.connection is not held


def test_a_broken_connection_is_replaced_at_a_task():
    fixup = DjangoWorkerFixup(app)
    connection.ensure_connection()
    held = connection.connection
    held.close()  # the server went away (a restart, a failover)
    connection.errors_occurred = True
    _around_a_task(fixup, _task())
    assert connection.connection is None or connection.connection is not held
    with connection.cursor() as cursor:  # the next query opens a new one
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_connection_left_in_a_transaction_is_closed_at_a_task():
    fixup = DjangoWorkerFixup(app)
    connection.ensure_connection()
    held = connection.connection
    connection.set_autocommit(False)  # a task that left its transaction open
    try:
        _around_a_task(fixup, _task())
        assert connection.connection is None or connection.connection is not held
    finally:
        if connection.connection is not None:
            connection.rollback()
            connection.set_autocommit(True)


def test_an_eager_task_leaves_the_callers_connection_alone():
    connection.ensure_connection()
    held = connection.connection
    connection.close_at = time.monotonic() - 1
    task = _task(eager=True)
    task_prerun.send(sender=task, task_id="t", task=task, args=[], kwargs={})
    assert connection.connection is held


def test_a_connection_that_died_while_idle_is_replaced_at_its_first_query():
    """The server restarted between two tasks: nothing marked the connection broken, so the task's start
    keeps it, and the health check before its first query (CONN_HEALTH_CHECKS) opens a new one."""
    fixup = DjangoWorkerFixup(app)
    connection.ensure_connection()
    held = connection.connection
    _around_a_task(fixup, _task())
    held.close()  # gone while the worker waited for its next task
    _around_a_task(fixup, _task())
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert connection.connection is not held
