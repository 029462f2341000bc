"""SLUICE_STEP_MEMORY_LIMIT: a step that uses more memory than the limit fails at once with a clear message
and is not retried; the same step under a higher limit (or none) succeeds. Real allocations, no mocks:
the step sorts 20 million rows (about 160 MB of data, more while sorting) in the test process."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.sizes import format_size, parse_byte_size
from executions import executors
from executions.models import StepLog
from executions.services import execution_start
from tests.executions.conftest import chain, read_target

ROWS = 20_000_000


def _graph():
    return chain(
        ("src", "t.rows", {"n": ROWS}),
        ("order", "transform.sort", {"keys": [{"column": "i", "descending": True}]}),
        ("dst", "t.sink", {"name": "sorted"}),
    )


def _run(pipeline, user):
    execution = execution_start(pipeline=pipeline, user=user)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    return execution


@pytest.mark.django_db(transaction=True)
def test_a_step_over_the_limit_fails_clearly_and_is_not_retried(make_pipeline, editor, settings):
    settings.SLUICE_STEP_MEMORY_LIMIT = 32 * 1024**2
    pipeline = make_pipeline(_graph(), default_params={"sluice_retry": {"max_attempts": 3, "backoff_seconds": 0}})
    execution = _run(pipeline, editor)
    assert execution.status == "failed"
    step = execution.steps.get(node_key="src")
    assert step.status == "failed"
    assert step.attempt == 1  # three attempts allowed, one made: the failure is final
    assert step.error == "step src used more than 32.0 MiB (SLUICE_STEP_MEMORY_LIMIT)"
    assert "SLUICE_STEP_MEMORY_LIMIT" in execution.error
    assert step.peak_rss_bytes and step.peak_rss_bytes > 32 * 1024**2
    line = StepLog.objects.get(execution=execution, level="error", logger="sluice.executions")
    assert line.message.startswith("step src used more than 32.0 MiB") and line.extra["limit_bytes"] == 32 * 1024**2
    assert not execution.steps.filter(status__in=["queued", "running", "pending"]).exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_step_under_a_higher_limit_succeeds(make_pipeline, editor, settings):
    settings.SLUICE_STEP_MEMORY_LIMIT = 8 * 1024**3
    execution = _run(make_pipeline(_graph()), editor)
    assert execution.status == "succeeded", execution.error
    frame = read_target("sorted")
    assert frame.height == ROWS and frame["i"][0] == ROWS - 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3GiB", 3 * 1024**3), ("512MB", 512_000_000), ("1.5g", 1536 * 1024**2), ("4000000000", 4_000_000_000)],
)
def test_sizes_are_read_as_people_write_them(text, expected):
    assert parse_byte_size(text) == expected


@pytest.mark.parametrize("text", ["", "-1", "0", "3XB", "1e9", "2PiB", "9" * 40, "1.5.5g", "3 GiB; rm -rf /", "nan"])
def test_hostile_sizes_are_refused(text):
    with pytest.raises(ValueError):
        parse_byte_size(text)


def test_a_bad_setting_stops_the_process_at_start(monkeypatch):
    import importlib

    import config.settings.runtime as runtime

    monkeypatch.setenv("SLUICE_STEP_MEMORY_LIMIT", "lots")
    with pytest.raises(ImproperlyConfigured, match="SLUICE_STEP_MEMORY_LIMIT"):
        importlib.reload(runtime)
    monkeypatch.delenv("SLUICE_STEP_MEMORY_LIMIT")
    importlib.reload(runtime)


def test_limits_are_shown_in_the_unit_that_reads_best():
    assert format_size(3 * 1024**3) == "3.0 GiB" and format_size(64 * 1024**2) == "64.0 MiB"
