"""Error texts in events carry no connection details: the redaction helper, and a run whose database
source fails to connect (its user, database, host and password appear in no event, no /api/events/
answer, no WebSocket message, no notification; the full error stays on the step)."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from executions import executors
from executions.models import Execution, StepRun
from executions.services import execution_start
from notifications.consumers import EventsConsumer
from notifications.models import Event, Notification
from notifications.redaction import redact_error
from notifications.services import subscription_create
from pipelines.crypto import encrypt_json
from tests import factories
from tests.executions.conftest import chain

# --- the helper ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,gone,kept",
    [
        (
            'connection to server at "db.internal" (10.0.0.5), port 5432 failed: FATAL:  password '
            'authentication failed for user "alice"',
            ["db.internal", "10.0.0.5", "5432", "alice"],
            ["password authentication failed"],
        ),
        ('FATAL:  role "canary" does not exist', ["canary"], ["does not exist"]),
        ('FATAL:  database "shop_prod" does not exist', ["shop_prod"], ["does not exist"]),
        (
            "(1045, \"Access denied for user 'root'@'172.17.0.1' (using password: YES)\")",
            ["root", "172.17.0.1"],
            ["Access denied"],
        ),
        ("Can't connect to MySQL server on '10.0.0.5:3306' (111)", ["10.0.0.5", "3306"], ["Can't connect"]),
        ('could not translate host name "db.internal" to address', ["db.internal"], ["could not translate"]),
        ("postgresql://alice:s3cret@db.internal:5432/shop refused", ["alice", "s3cret", "db.internal"], ["refused"]),
        ("host=db.internal port=5432 user=alice password=s3cret dbname=shop", ["db.internal", "alice", "s3cret"], []),
        ("GET https://bob:pw@api.example.com/v1?token=abc failed", ["bob", "pw@", "api.example.com", "abc"], ["GET"]),
        ("fe80::1%eth0 then [::1]:8080 then 2001:db8::5", ["fe80", "::1", "2001:db8"], ["then"]),
        ('unable to find column "amount" at 12:30:45', [], ['unable to find column "amount" at 12:30:45']),
    ],
)
def test_redact_error_removes_connection_details(text, gone, kept):
    redacted = redact_error(text)
    for part in gone:
        assert part not in redacted, (part, redacted)
    for part in kept:
        assert part in redacted, (part, redacted)


def test_redact_error_replaces_known_values_in_every_spelling():
    redacted = redact_error(
        "failed for warehouse-7 with p@ss w0rd and p%40ss%20w0rd", known=["warehouse-7", "p@ss w0rd"]
    )
    assert "warehouse-7" not in redacted and "p@ss" not in redacted and "p%40ss" not in redacted
    assert redact_error("x" * 5000) == "x" * 2000 and redact_error("") == ""


# --- a failing database source -----------------------------------------------------------------------

USER, DATABASE, PASSWORD, HOST = "canary_user_h2", "canary_db_h2", "canary-pass-h2-Zq9", "127.0.0.1"
SECRETS = (USER, DATABASE, PASSWORD, HOST)


def assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} found in {where}: {text[:500]}"


@pytest.mark.django_db(transaction=True)
def test_a_failing_database_source_leaks_no_connection_detail(editor, make_pipeline, client_for, settings):
    settings.SLUICE_EVENT_BUS = "local"
    connection = factories.ConnectionFactory(
        owner=editor,
        config={"host": HOST, "port": 5432, "database": "postgres", "user": "postgres"},
    )
    pipeline = make_pipeline(
        chain(
            ("src", "source.database", {"connection": connection.slug, "query": "SELECT 1 AS i"}),
            ("dst", "t.sink", {"name": "out"}),
        ),
        name="Leaky",
    )
    subscription_create(user=editor, topic=f"pipeline:{pipeline.pk}")
    admin = factories.UserFactory(is_staff=True)

    async def watch_and_run():
        ws = WebsocketCommunicator(EventsConsumer.as_asgi(), "/ws/events/")
        ws.scope["user"] = admin
        assert (await ws.connect())[0]
        await ws.receive_json_from()
        for topic in ("dashboard", f"pipeline:{pipeline.pk}"):
            await ws.send_json_to({"op": "subscribe", "topic": topic})
            assert (await ws.receive_json_from())["type"] == "subscribed"

        def run():
            execution = execution_start(pipeline=pipeline, user=editor)
            # The connection breaks after the run was accepted: a user, a database and a password that fail.
            connection.config = {"host": HOST, "port": 5432, "database": DATABASE, "user": USER}
            connection.encrypted_secrets = encrypt_json({"password": PASSWORD})
            connection.secret_keys = ["password"]
            connection.save()
            executors.run_inline_until_idle()
            return execution.pk

        from asgiref.sync import sync_to_async

        execution_id = await sync_to_async(run)()
        frames = []
        while not await ws.receive_nothing(timeout=0.5):
            frames.append(await ws.receive_from())
        await ws.disconnect()
        return execution_id, frames

    execution_id, frames = async_to_sync(watch_and_run)()
    execution = Execution.objects.get(pk=execution_id)
    assert execution.status == Execution.Status.FAILED
    step = StepRun.objects.get(execution=execution, node_key="src")
    # The full error stays on the step (for those who may see the execution): it does name the user.
    assert USER in step.error or DATABASE in step.error or HOST in step.error, step.error

    events = list(Event.objects.filter(topic__in=["dashboard", f"pipeline:{pipeline.pk}", f"execution:{execution_id}"]))
    failed = [e for e in events if e.type in ("execution.failed", "step.failed")]
    assert {e.type for e in failed} == {"execution.failed", "step.failed"}
    assert all(e.data["error"] for e in failed)
    for event in events:
        assert_clean(json.dumps(event.data), f"event {event.type} on {event.topic}")
    assert any("execution.failed" in frame for frame in frames), frames
    for frame in frames:
        assert_clean(frame, "a WebSocket message")
    api = client_for(editor)
    for topic in ("dashboard", f"pipeline:{pipeline.pk}", f"execution:{execution_id}"):
        response = api.get(f"/api/events/?topic={topic}")
        assert response.status_code == 200
        assert_clean(response.content.decode(), f"/api/events/?topic={topic}")
    (notification,) = Notification.objects.filter(user=editor)
    assert notification.body
    assert_clean(notification.body + notification.title, "the notification")
