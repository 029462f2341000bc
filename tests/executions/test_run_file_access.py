"""The files a run's steps may open (executions.engine.context.run_file_access): what both the pipeline's
owner and the running version's author may, as at the start (pipelines.paths.file_access_for_run), read on
a worker without loading the pipeline and version rows (the version's graph is the big part)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from executions.engine import context
from executions.models import Execution
from executions.services import execution_start
from pipelines.models import PipelineVersion
from pipelines.paths import SHARED_ONLY, file_access_for_run
from tests import factories
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    context._FILE_ACCESS.clear()
    yield
    context._FILE_ACCESS.clear()


def _team(name: str, *users) -> None:
    group = Group.objects.create(name=name)
    for user in users:
        user.groups.add(group)


def _run(make_pipeline, editor):
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 1}), ("dst", "t.sink", {"name": "access"})))
    execution = execution_start(pipeline=pipeline, user=editor)
    return pipeline, Execution.objects.get(pk=execution.pk)  # as a worker loads it: no pipeline, no version


def test_a_worker_reads_the_runs_access_without_the_version(make_pipeline, editor):
    peer = factories.UserFactory(role="editor")
    _team("team", editor, peer)
    pipeline, execution = _run(make_pipeline, editor)
    with CaptureQueriesContext(connection) as queries:
        access = context.run_file_access(execution)
    assert access == file_access_for_run(pipeline=pipeline, version=pipeline.current_version)
    assert access.readable == frozenset({editor.pk, peer.pk}) and access.home == editor.pk
    assert not any('"graph"' in q["sql"] for q in queries.captured_queries)  # the version's graph stays put
    # the two ids, the user (owner and author are one person: looked up once), their role, their peers
    assert len(queries) <= 4
    with CaptureQueriesContext(connection) as again:
        assert context.run_file_access(execution) == access
    assert len(again) == 0  # once per run and process


def test_an_author_outside_the_owners_team_narrows_what_the_run_reads(make_pipeline, editor):
    """The version's author is someone else (an editor of a shared pipeline): the run reads what both may,
    not what the owner alone may."""
    peer, author = factories.UserFactory(role="editor"), factories.UserFactory(role="editor")
    _team("team", editor, peer)
    pipeline, execution = _run(make_pipeline, editor)
    PipelineVersion.objects.filter(pk=pipeline.current_version_id).update(created_by=author)  # rows are immutable
    pipeline.current_version.refresh_from_db()
    access = context.run_file_access(execution)
    assert access == file_access_for_run(pipeline=pipeline, version=pipeline.current_version)
    assert access.readable == frozenset() and access.writable == frozenset()  # no area both may open
    assert not access.can_read(peer.pk) and not access.can_read(author.pk) and not access.can_read(editor.pk)


def test_an_admin_owner_is_narrowed_to_the_authors_access(make_pipeline, editor):
    admin = factories.UserFactory(role="admin")
    pipeline, execution = _run(make_pipeline, editor)
    pipeline.owner = admin
    pipeline.save(update_fields=["owner"])
    access = context.run_file_access(execution)
    assert access == file_access_for_run(pipeline=pipeline, version=pipeline.current_version)
    assert access.readable == frozenset({editor.pk})


def test_a_run_whose_people_are_gone_reads_only_the_shared_area(make_pipeline, editor):
    _, execution = _run(make_pipeline, editor)
    Execution.objects.filter(pk=execution.pk).delete()  # its row gone meanwhile: nobody to read as
    assert context.run_file_access(execution) == SHARED_ONLY
