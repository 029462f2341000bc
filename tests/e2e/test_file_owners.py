"""Files have owners, at run time on a real Celery worker (docs/files.md).

carol shares the group "team" with alice, so her pipeline may read alice's upload and gets a version.
Her second run waits behind the first (concurrency limit 1) when carol leaves the team: the worker that
runs it checks the files against the pipeline's owner and the version's author when it starts the step,
not against what held when the run was queued, and the run fails with a clear error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from executions.models import Execution
from executions.services import execution_start
from pipelines.models import Pipeline
from pipelines.paths import not_found_message
from tests import factories
from tests.e2e.conftest import versioned_pipeline, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]


def test_a_run_cannot_read_a_file_its_owner_may_no_longer_open(on_celery):
    team = Group.objects.create(name="team")
    alice = factories.UserFactory(role="editor", username="alice")
    carol = factories.UserFactory(role="operator", username="carol")
    alice.groups.add(team)
    carol.groups.add(team)
    secret = f"uploads/{alice.pk}/secret.csv"
    target = Path(settings.DATA_ROOT) / secret
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("secret_column,amount\nalice-only,42\n")

    pipeline = versioned_pipeline(
        carol,
        [
            {"key": "read", "type": "source.file", "config": {"path": secret}},
            {"key": "wait", "type": "e2e.sleep", "config": {"seconds": 3}},
            {"key": "write", "type": "destination.file", "config": {"path": "out/carol.csv", "format": "csv"}},
        ],
        name="carol reads alice",
    )
    assert pipeline.current_version is not None  # valid while carol shares the team
    Pipeline.objects.filter(pk=pipeline.pk).update(concurrency_limit=1)
    pipeline.refresh_from_db()

    first = execution_start(pipeline=pipeline, user=carol)
    second = execution_start(pipeline=pipeline, user=carol)
    assert second.status == Execution.Status.QUEUED  # behind the first: no step of it has run
    carol.groups.remove(team)

    def finished():
        second.refresh_from_db()
        return second.is_finished

    wait_for(finished, timeout=120, what="the second execution")
    assert second.status == Execution.Status.FAILED
    step = second.steps.get(node_key="read")
    assert step.status == "failed"
    assert not_found_message(secret) in step.error
    assert not_found_message(secret) in second.error or "read" in second.error
    assert "alice-only" not in (step.error + second.error)
    assert second.steps.get(node_key="write").status != "succeeded"

    # A new run is refused at start, with the same message.
    with pytest.raises(ValidationError, match="does not exist under the data root"):
        execution_start(pipeline=pipeline, user=carol)
    first.refresh_from_db()
    wait_for(lambda: (first.refresh_from_db(), first.is_finished)[1], timeout=120, what="the first execution")
