"""The world of the authorization matrix: six principals and the objects of one owner (fixtures imported by
test_authorization_matrix.py and test_authorization_ws.py; kept out of conftest.py, which serves the fuzzing
tests of this directory).

``owner`` is an editor who owns every object below; ``viewer`` may see the owner's pipeline ``pipeline``
(shared with them) and connection (shared with a group of theirs) but changes nothing; ``editor`` and
``operator`` are of the same or a higher role than the owner but own nothing here, so the owner's objects
must be invisible (404) or closed (403) to them; ``admin`` is a superuser (staff: the ``admin`` role).

In the matrix the world is built once per module inside a transaction that is rolled back at the end; each
test runs in a savepoint of it (pytest-django's ``db``), so a DELETE in one cell does not affect another.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from rest_framework.views import APIView
from rest_framework_simplejwt.tokens import RefreshToken

from tests import factories

PASSWORD = "pass-word-123"  # tests.factories.UserFactory's
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# A pipeline test of SIMPLE_GRAPH (src -> keep: amount > 0 -> dst), also the body of the matrix's test cells.
MATRIX_TEST = {
    "name": "mx-test",
    "fixtures": {"src": {"rows": [{"id": 1, "amount": 5}, {"id": 2, "amount": -1}]}},
    "expect": {"dst": {"rows": [{"id": 1, "amount": 5}]}},
}


@dataclass
class World:
    users: dict[str, Any]
    share_group: Any = None
    pipeline: Any = None  # the owner's, shared with the viewer
    private: Any = None  # the owner's, shared with nobody
    downstream: Any = None  # the owner's, shared with the viewer, downstream of ``pipeline`` (the dependency)
    version: Any = None
    pipeline_test: Any = None  # a test of ``pipeline`` (pipelines.testing)
    execution: Any = None  # failed, on ``pipeline``
    running: Any = None  # running, on ``pipeline``
    backfill: Any = None  # running (no interval), of ``pipeline``'s schedule
    pool: Any = None  # a pool of fair scheduling (admins manage, everyone reads)
    private_execution: Any = None  # failed, on ``private``
    dependency: Any = None
    connection: Any = None  # the owner's, shared with the viewer's group
    team_connection: Any = None  # the owner's, shared with a group of the viewer, the editor and the operator
    template: Any = None  # the owner's
    builtin_template: Any = None  # shipped (load_demo): read-only through the API and the pages
    subscription: Any = None
    notification: Any = None
    alert_rule: Any = None
    alert: Any = None
    api_token: Any = None  # the owner's personal API token
    quality_issue: Any = None  # a quality issue of ``pipeline`` (quality results of both pipelines exist)
    insight: Any = None  # an open insight of ``pipeline`` (the private pipeline has one too)
    report: Any = None  # the owner's, of ``pipeline`` and ``private``, shared with the viewer, emailed on send
    git_repository: Any = None  # the owner's; nobody else's to see
    git_document: Any = None  # of ``git_repository``, in conflict (resolving it needs no remote)
    accounts: dict[str, Any] = field(default_factory=dict)  # tests/accounts/matrix_world.py (users, sessions)
    refresh_token: str = ""
    marks: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str):
        accounts = self.__dict__.get("accounts") or {}
        if name in accounts:
            return accounts[name]
        raise AttributeError(name)

    @property
    def owner(self):
        return self.users["owner"]


def _execution(pipeline, version, status: str, user, *, error: str = ""):
    from executions.models import Execution, StepRun

    now = timezone.now()
    finished = status in Execution.FINISHED
    execution = Execution.objects.create(
        pipeline=pipeline,
        version=version,
        status=status,
        started_by=user,
        started_at=now,
        finished_at=now if finished else None,
        error=error,
    )
    states = {"src": "succeeded", "keep": "failed" if status == "failed" else "running", "dst": "pending"}
    types = {"src": "source.file", "keep": "transform.filter", "dst": "destination.file"}
    for position, key in enumerate(("src", "keep", "dst")):
        StepRun.objects.create(
            execution=execution,
            node_key=key,
            node_type=types[key],
            group=key,
            position=0,
            status=states[key],
            remaining_upstream=position,
            error="planned failure" if states[key] == "failed" else "",
        )
    return execution


def _quality(pipeline, execution, tag: str):
    """A failed quality result of ``execution`` (in the lists: the pipeline's slug), its open issue, and a
    breach of the pipeline's duration SLA by ``execution``."""
    from quality.models import QualityIssue, QualityResult, SLABreach

    now = timezone.now()
    rule = dict(node_key="keep", rule=f"mx_rule_{tag}", rule_type="not_null")
    SLABreach.objects.create(pipeline=pipeline, execution=execution, sla_seconds=60, elapsed_seconds=61.0)
    QualityResult.objects.create(
        pipeline=pipeline, execution=execution, version_number=1, rows_checked=2, failed_rows=1, failure_rate=0.5,
        passed=False, run_at=now, **rule,
    )  # fmt: skip
    return QualityIssue.objects.create(
        pipeline=pipeline, first_seen=now, last_seen=now, last_run_at=now, affected_runs=1, affected_rows=1,
        last_execution=execution, **rule,
    )  # fmt: skip


def _report(owner, viewer, tag: str):
    """The owner's report (every pipeline the reader sees: ``private`` only for the owner and admins),
    shared with the viewer; sending it emails one address."""
    from reports.services import report_create

    blocks = [{"kind": "kpis"}, {"kind": "runs_table"}]
    return report_create(
        user=owner, name=f"mx report {tag}", blocks=blocks, shared_with_users=[viewer.username],
        email_recipients=["mx-report@example.com"],
    )  # fmt: skip


def _insight(pipeline, execution):
    """An open insight of ``pipeline`` (in the lists: the pipeline's name)."""
    from insights.models import Insight

    return Insight.objects.create(
        pipeline=pipeline, kind="failing_node", node_key="keep", fingerprint="failing_node:keep", severity="warning",
        title="mx insight", explanation="mx", evidence={"runs": [execution.pk], "links": [], "figures": {}},
    )  # fmt: skip


def build_world() -> World:
    from accounts.services import token_create
    from executions.events import execution_event
    from executions.models import Backfill, PipelineDependency, Pool
    from monitoring.models import Alert, AlertRule
    from notifications.models import PipelineSubscription
    from notifications.services import notification_create
    from pipelines.graph import parse_graph_document
    from pipelines.models import PipelineVersion
    from pipelines.services import connection_create, pipeline_create, template_create
    from pipelines.testing.services import pipeline_test_create
    from pipelines.testing.spec import parse_spec
    from tests.accounts.matrix_world import accounts_world

    tag = uuid.uuid4().hex[:8]
    users = {
        "viewer": factories.UserFactory(username=f"mx-viewer-{tag}", role="viewer"),
        "editor": factories.UserFactory(username=f"mx-editor-{tag}", role="editor"),
        "operator": factories.UserFactory(username=f"mx-operator-{tag}", role="operator"),
        "owner": factories.UserFactory(username=f"mx-owner-{tag}", role="editor"),
        "admin": factories.UserFactory(username=f"mx-admin-{tag}", is_staff=True, is_superuser=True),
        # The admin role as a group, without staff: the API, pages and events treat it as an admin.
        "role_admin": factories.UserFactory(username=f"mx-role-admin-{tag}", role="admin"),
    }
    w = World(users=users)
    owner = users["owner"]
    w.share_group = Group.objects.create(name=f"mx-share-{tag}")
    users["viewer"].groups.add(w.share_group)

    graph = parse_graph_document(factories.SIMPLE_GRAPH)
    w.pipeline = pipeline_create(user=owner, name=f"mx shared pipeline {tag}", graph=graph)
    w.pipeline.shared_with_users.add(users["viewer"])
    w.private = pipeline_create(user=owner, name=f"mx private pipeline {tag}", graph=graph)
    w.downstream = pipeline_create(user=owner, name=f"mx downstream pipeline {tag}")
    w.downstream.shared_with_users.add(users["viewer"])
    w.version = PipelineVersion.objects.create(
        pipeline=w.pipeline, number=1, graph=factories.SIMPLE_GRAPH, content_hash="mx" + tag, created_by=owner
    )
    private_version = PipelineVersion.objects.create(
        pipeline=w.private, number=1, graph=factories.SIMPLE_GRAPH, content_hash="mxp" + tag, created_by=owner
    )
    for pipeline, version in ((w.pipeline, w.version), (w.private, private_version)):
        pipeline.current_version = version
        pipeline.save(update_fields=["current_version"])

    w.pipeline_test = pipeline_test_create(pipeline=w.pipeline, user=owner, spec=parse_spec(MATRIX_TEST))
    w.execution = _execution(w.pipeline, w.version, "failed", owner, error="planned failure")
    w.running = _execution(w.pipeline, w.version, "running", owner)
    # A cron (not enabled) so that a backfill of ``pipeline`` can be asked for; and a running backfill.
    type(w.pipeline).objects.filter(pk=w.pipeline.pk).update(schedule_cron="0 6 * * *")
    w.pipeline.schedule_cron = "0 6 * * *"
    w.backfill = Backfill.objects.create(
        pipeline=w.pipeline,
        created_by=owner,
        range_start=datetime(2026, 1, 1, tzinfo=UTC),
        range_end=datetime(2026, 1, 3, tzinfo=UTC),
        cron="0 6 * * *",
        timezone="UTC",
    )
    w.pool = Pool.objects.create(name="matrix-pool", slots=2)
    w.private_execution = _execution(
        w.private, private_version, "failed", owner, error=f"private failure of {w.private.slug}"
    )
    # Events of both pipelines reach the dashboard topic: only those who may see a pipeline may hear its.
    execution_event(w.execution, "execution.failed")
    execution_event(w.private_execution, "execution.failed")
    w.dependency = PipelineDependency.objects.create(upstream=w.pipeline, downstream=w.downstream)

    w.connection = connection_create(
        user=owner,
        name=f"mx connection {tag}",
        kind="postgresql",
        # A closed port: a test or an introspection fails at once, without reaching anything.
        config={"host": "127.0.0.1", "port": 9, "database": "mx", "user": "mx"},
        secrets={"password": f"mx-secret-{tag}"},
    )
    w.connection.shared_with_groups.add(w.share_group)
    # Shared with a team of the viewer, the editor and the operator: they use it, only its owner changes it.
    team = Group.objects.create(name=f"mx-team-{tag}")
    for name in ("viewer", "editor", "operator"):
        users[name].groups.add(team)
    w.team_connection = connection_create(
        user=owner,
        name=f"mx team connection {tag}",
        kind="postgresql",
        config={"host": "127.0.0.1", "port": 9, "database": "mx", "user": "mx"},
        secrets={"password": f"mx-secret-{tag}"},
    )
    w.team_connection.shared_with_groups.add(team)
    w.template = template_create(
        user=owner, name=f"mx template {tag}", graph=factories.SIMPLE_GRAPH, category="mx", description="mx"
    )
    w.builtin_template = template_create(
        user=None, name=f"mx built-in template {tag}", graph=factories.SIMPLE_GRAPH, category="mx", builtin=True
    )
    w.subscription = PipelineSubscription.objects.create(
        user=owner, topic=f"pipeline:{w.pipeline.pk}", event_types=["execution.failed"], channels=["in_app"]
    )
    w.notification = notification_create(user=owner, title=f"mx notification {tag}")
    w.alert_rule = AlertRule.objects.create(
        name=f"mx rule {tag}", kind="execution_failed", pipeline=w.pipeline, channels=["in_app"]
    )
    w.alert_rule.recipients.add(owner)
    w.alert = Alert.objects.create(
        rule=w.alert_rule, subject=f"pipeline:{w.pipeline.pk}", message=f"mx alert {tag}", fired_at=timezone.now()
    )
    w.api_token, _ = token_create(user=owner, name=f"mx api token {tag}", role="editor")
    w.quality_issue = _quality(w.pipeline, w.execution, tag)
    _quality(w.private, w.private_execution, tag)
    w.insight = _insight(w.pipeline, w.execution)
    w.report = _report(owner, users["viewer"], tag)
    _insight(w.private, w.private_execution)
    from gitsync.models import GitDocument, GitRepository

    w.git_repository = GitRepository.objects.create(
        owner=owner, name=f"mx repository {tag}", url="https://git.example.com/mx/pipelines.git"
    )
    w.git_document = GitDocument.objects.create(
        repository=w.git_repository, pipeline=w.private, path="mx.yaml", blob="1" * 40, conflict_blob="2" * 40
    )
    w.accounts = accounts_world(owner, users["admin"], tag)
    w.refresh_token = str(RefreshToken.for_user(owner))
    # Strings that only those who may see an object may find in a response.
    w.marks = {
        "pipeline": w.pipeline.name,
        "private": w.private.name,
        "private_slug": w.private.slug,
        "private_list_cell": f'id="last-run-{w.private.pk}"',  # the pipelines list's last-run cell, from executions
        "pipeline_slug": w.pipeline.slug,
        "connection": w.connection.name,
        "notification": w.notification.title,
        "alert": w.alert.message,
        "subscription": f'"pipeline:{w.pipeline.pk}"',
        "file": f"mx-owned-{tag}.csv",
        "secret": f"mx-secret-{tag}",
        "api_token": w.api_token.name,
        "git_repository": w.git_repository.name,
        "git_secret": w.git_repository.webhook_secret,
        "report": w.report.name,
        **w.accounts["marks"],
    }
    return w


@pytest.fixture(scope="module", name="world")
def world_fixture(django_db_setup, django_db_blocker):
    """Built once per module in a transaction rolled back at its end."""
    # A fast password hasher: the sign-in cells check who gets in, not PBKDF2's cost (a dozen of them).
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@dataclass
class Files:
    owned: str  # path of the owner's uploaded file, relative to the data root
    partial: str  # a resumable upload of the owner's, half sent
    complete: str  # a resumable upload of the owner's, every byte sent


@pytest.fixture(name="owner_files")
def owner_files_fixture(world, settings) -> Files:
    """The owner's files in this test's data root (each test has its own: ``_isolated_dirs``)."""
    from pipelines import files

    owner = world.owner
    uploaded = files.file_upload(user=owner, uploaded_file=SimpleUploadedFile(world.marks["file"], b"id,amount\n1,5\n"))
    partial = files.upload_start(user=owner, filename="mx-partial.csv", size=6)
    complete = files.upload_start(user=owner, filename="mx-complete.csv", size=6)
    files.upload_append(
        user=owner, upload_id=complete["upload_id"], offset=0, stream=io.BytesIO(b"id\n1\n\n"), length=6
    )
    return Files(owned=uploaded["path"], partial=str(partial["upload_id"]), complete=str(complete["upload_id"]))


@pytest.fixture(autouse=True, name="_isolated_dirs")
def isolated_dirs_fixture(settings, tmp_path):
    """Every cell gets its own DATA_ROOT and ARTIFACTS_DIR (as in tests/conftest.py; this directory's
    conftest shares one pair per module with a live server, which these in-process tests do not need)."""
    settings.DATA_ROOT = tmp_path / "data"
    settings.DATA_ROOT.mkdir()
    settings.ARTIFACTS_DIR = str(tmp_path / "artifacts")
    (settings.DATA_ROOT / "in.csv").write_text("id,amount\n1,5\n2,-1\n")  # the source of the pipelines' graph


@pytest.fixture(autouse=True, name="_no_throttles")
def no_throttles_fixture(monkeypatch):
    """Rate limits are not what this matrix checks: hundreds of requests of one user must not turn into 429s."""
    monkeypatch.setattr(APIView, "get_throttles", lambda self: [])
