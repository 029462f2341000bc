from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from executions.models import Execution
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)


def test_run_and_wait_prints_progress(make_pipeline):
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 3}), ("dst", "t.sink", {"name": "cli"})), name="Cli")
    out = StringIO()
    call_command("run_pipeline", pipeline.slug, "--param", "day=2026-11-25", "--param", "n=3", "--wait", stdout=out)
    text = out.getvalue()
    assert "src" in text and "succeeded" in text and "rows_out=3" in text
    execution = Execution.objects.get(pipeline=pipeline)
    assert execution.trigger == "cli" and execution.params == {"day": "2026-11-25", "n": 3}


def test_failed_run_exits_1(make_pipeline):
    pipeline = make_pipeline(
        chain(("src", "t.rows", {"n": 3}), ("bad", "t.add", {"fail_times": 9}), ("dst", "t.sink", {"name": "x"})),
        name="Bad",
    )
    out = StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("run_pipeline", pipeline.slug, "--wait", stdout=out)
    assert info.value.code == 1
    assert "planned failure" in out.getvalue() and "failed" in out.getvalue()


def test_readable_errors(make_pipeline):
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 1}), ("dst", "t.sink", {"name": "x"})), name="E")
    with pytest.raises(CommandError, match="No pipeline"):
        call_command("run_pipeline", "nope")
    with pytest.raises(CommandError, match="no version 7"):
        call_command("run_pipeline", pipeline.slug, "--pipeline-version", "7")
    with pytest.raises(CommandError, match="expected key=value"):
        call_command("run_pipeline", pipeline.slug, "--param", "oops")
