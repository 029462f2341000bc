"""The interactive pool (pipelines/interactive.py): a deadline and a memory cap per call, children
that die are replaced, and the limits reach the client as a 503/422 naming the setting.

These tests start real child processes (SLUICE_INTERACTIVE_POOL=process); those that go through an
API view commit their rows (transaction=True) because the children read them over their own
database connection.
"""

from __future__ import annotations

import threading
import time

import psutil
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pipelines import interactive

JOBS = "tests.pipelines.interactive_jobs"


@pytest.fixture
def pool(settings, monkeypatch):
    """A fresh process pool of one child with a 2 s deadline; stopped after the test."""
    settings.SLUICE_INTERACTIVE_POOL = "process"
    settings.SLUICE_INTERACTIVE_WORKERS = 1
    settings.SLUICE_INTERACTIVE_SECONDS = 2.0
    settings.SLUICE_INTERACTIVE_QUEUE_SECONDS = 30.0
    settings.SLUICE_INTERACTIVE_MEMORY_MB = 4096
    monkeypatch.setenv("SLUICE_NODE_MODULES", "tests.pipelines.interactive_nodes")
    interactive.reset()
    interactive.warm(wait=60)
    yield interactive
    interactive.reset()


def _child(value=0) -> int:
    return interactive.call(f"{JOBS}.echo", value=value)["pid"]


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.parametrize("job", ["hang", "spin"])
def test_deadline_kills_a_hanging_call_and_the_pool_serves_the_next(pool, job):
    first = _child()
    started = time.monotonic()
    with pytest.raises(interactive.InteractiveTimeout) as info:
        interactive.call(f"{JOBS}.{job}")
    elapsed = time.monotonic() - started
    assert info.value.status_code == 503
    assert "2s (SLUICE_INTERACTIVE_SECONDS)" in str(info.value.detail)
    assert elapsed < 2 + interactive.STOP_SECONDS + 2, elapsed
    assert _gone(first), "the child that hung was killed"
    second = _child(1)
    assert second != first
    assert interactive.call(f"{JOBS}.echo", value={"again": [1, 2]})["value"] == {"again": [1, 2]}


def test_memory_cap_turns_an_over_allocating_call_into_a_clear_error(pool, settings):
    settings.SLUICE_INTERACTIVE_MEMORY_MB = 2048  # (the pool restarts with the new cap)
    with pytest.raises(interactive.InteractiveMemory) as info:
        interactive.call(f"{JOBS}.allocate", rows=400_000_000)  # a sort of ~3 GB of integers
    assert info.value.status_code == 422
    assert "2048 MB cap (SLUICE_INTERACTIVE_MEMORY_MB)" in str(info.value.detail)
    with pytest.raises(interactive.InteractiveMemory):
        interactive.call(f"{JOBS}.python_memory", megabytes=3000)  # Python's MemoryError, same answer
    assert interactive.call(f"{JOBS}.allocate", rows=1000) == 1000  # a small sort still fits


def test_under_the_default_cap_a_real_sample_fits(pool):
    assert interactive.call(f"{JOBS}.allocate", rows=2_000_000) == 2_000_000


@pytest.mark.parametrize("job", ["crash", "segfault"])
def test_a_crashing_child_is_replaced(pool, job):
    first = _child()
    with pytest.raises(interactive.InteractiveCrash) as info:
        interactive.call(f"{JOBS}.{job}")
    assert info.value.status_code == 503
    assert "stopped unexpectedly" in str(info.value.detail)
    assert _gone(first)
    assert _child() != first
    assert len(interactive.children()) == 1


def test_a_queue_that_does_not_move_is_a_503_with_retry_after(pool, settings):
    settings.SLUICE_INTERACTIVE_QUEUE_SECONDS = 0.5
    settings.SLUICE_INTERACTIVE_SECONDS = 5.0
    outcome: list[type] = []

    def hang():
        try:
            interactive.call(f"{JOBS}.hang")
        except interactive.InteractiveError as exc:
            outcome.append(type(exc))

    hung = threading.Thread(target=hang)
    hung.start()
    try:
        time.sleep(0.5)  # the one child takes the hanging call
        with pytest.raises(interactive.InteractiveBusy) as info:
            interactive.call(f"{JOBS}.echo", value=1)
        assert info.value.status_code == 503 and info.value.wait
        assert "SLUICE_INTERACTIVE_WORKERS" in str(info.value.detail)
    finally:
        hung.join(timeout=20)
    assert outcome == [interactive.InteractiveTimeout]


@pytest.mark.parametrize("mode", ["inline", "process"])
def test_both_modes_decode_outcomes_the_same_way(pool, settings, mode):
    settings.SLUICE_INTERACTIVE_POOL = mode
    assert interactive.call(f"{JOBS}.echo", value=[1, "a"])["value"] == [1, "a"]
    with pytest.raises(ValidationError) as info:
        interactive.call(f"{JOBS}.invalid", field="path")
    assert info.value.message_dict == {"path": ["Not like this."]}
    with pytest.raises(interactive.InteractiveJobFailed, match="KeyError"):
        interactive.call(f"{JOBS}.broken")


def test_children_run_with_the_web_process_settings(pool, settings, tmp_path):
    assert interactive.call(f"{JOBS}.setting", name="DATA_ROOT") == str(settings.DATA_ROOT)
    settings.DATA_ROOT = tmp_path / "elsewhere"
    assert interactive.call(f"{JOBS}.setting", name="DATA_ROOT") == str(tmp_path / "elsewhere")


def test_only_plain_data_crosses(settings, editor):
    settings.SLUICE_INTERACTIVE_POOL = "inline"
    with pytest.raises(TypeError, match="plain data"):
        interactive.call(f"{JOBS}.echo", value=editor)


def test_after_shutdown_calls_are_refused_at_once(pool):
    interactive.shutdown()
    started = time.monotonic()
    with pytest.raises(interactive.InteractiveStopping) as info:
        interactive.call(f"{JOBS}.echo", value=1)
    assert info.value.status_code == 503
    assert time.monotonic() - started < 1


# --- through real views ---------------------------------------------------------------------------


def _probe_graph(behaviour: str) -> dict:
    return {"nodes": [{"key": "src", "type": "test.probe", "config": {"behaviour": behaviour}}], "edges": []}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "behaviour,status,words",
    [
        ("hang", 503, "SLUICE_INTERACTIVE_SECONDS"),
        ("allocate", 422, "SLUICE_INTERACTIVE_MEMORY_MB"),
        ("crash", 503, "stopped unexpectedly"),
    ],
)
def test_limits_reach_the_api_client_as_a_clear_status(pool, settings, client_for, viewer, behaviour, status, words):
    settings.SLUICE_INTERACTIVE_MEMORY_MB = 2048
    api = client_for(viewer)
    response = api.post("/api/validate/", {"graph": _probe_graph(behaviour)}, format="json")
    assert response.status_code == status, response.content
    assert words in response.json()["detail"]
    if status == 503 and behaviour != "hang":
        assert response["Retry-After"]
    # The pool still answers: the same view with a source that behaves.
    response = api.post("/api/validate/", {"graph": _probe_graph("ok")}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["schemas"]["src"]["out"] == {"a": "Int64"}


@pytest.fixture
def silent_server():
    """A TCP server on 127.0.0.1 that accepts connections and never says a word (a database that hangs)."""
    import socket

    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for conn in accepted:
        conn.close()
    server.close()


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_hangs_is_a_503_in_the_api_and_on_the_page(pool, client, client_for, editor, silent_server):
    from tests.factories import ConnectionFactory

    connection = ConnectionFactory(
        owner=editor, config={"host": "127.0.0.1", "port": silent_server, "database": "x", "user": "x"}
    )
    started = time.monotonic()
    response = client_for(editor).post(f"/api/connections/{connection.pk}/test/")
    assert response.status_code == 503, response.content
    assert "SLUICE_INTERACTIVE_SECONDS" in response.json()["detail"]
    assert time.monotonic() - started < 2 + interactive.STOP_SECONDS + 3
    client.force_login(editor)
    page = client.post(reverse("pipelines:connection_test", args=[connection.pk]), HTTP_HX_REQUEST="true")
    assert page.status_code == 503
    body = page.content.decode()
    assert 'role="alert"' in body and "SLUICE_INTERACTIVE_SECONDS" in body


@pytest.mark.django_db(transaction=True)
def test_a_pipeline_made_in_the_callers_transaction_validates_in_a_child(pool, editor):
    """An import or a template makes a pipeline and its version in one transaction the child cannot
    see: what the child needs (the user, the file access) is committed or decided by the caller."""
    from django.db import transaction

    from pipelines import services
    from pipelines.graph import parse_graph_document

    graph = {
        "nodes": [
            {"key": "src", "type": "test.probe", "config": {"behaviour": "ok"}},
            {"key": "dst", "type": "test.nowhere"},
        ],
        "edges": [{"source": "src", "target": "dst"}],
    }
    with transaction.atomic():
        pipeline = services.pipeline_create(user=editor, name="made now", graph=parse_graph_document(graph))
        version, created = services.pipeline_version_create(pipeline=pipeline, user=editor)
    assert created and version.number == 1
    with pytest.raises(ValidationError) as info, transaction.atomic():
        broken = services.pipeline_create(
            user=editor, name="broken now", graph=parse_graph_document(_probe_graph("ok") | {"edges": []})
        )
        services.pipeline_version_create(pipeline=broken, user=editor)
    assert "graph" in info.value.message_dict
