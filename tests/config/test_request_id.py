"""Every response carries X-Request-ID; log lines written during the request carry it too."""

from __future__ import annotations

import json
import logging

import pytest
import structlog

from core.middleware import new_request_id


@pytest.mark.django_db
def test_response_has_a_generated_request_id(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_incoming_request_id_is_kept_when_well_formed(client):
    assert client.get("/admin/login/", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    forged = client.get("/admin/login/", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"]
    assert forged != "bad id\nwith newline" and len(forged) == 32


def test_invalid_ids_are_replaced():
    assert new_request_id("x" * 65) != "x" * 65
    assert new_request_id(None)


def test_log_lines_are_json_with_the_request_id(capsys):
    from config.logging import build_logging

    build_logging(level="INFO", fmt="json")
    structlog.contextvars.bind_contextvars(request_id="rid-1")
    try:
        logging.getLogger("sluice.test").warning("hello %s", "world")
        structlog.get_logger("sluice.test").info("event happened", rows=3)
    finally:
        structlog.contextvars.clear_contextvars()
    lines = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
    assert lines[0]["event"] == "hello world" and lines[0]["request_id"] == "rid-1"
    assert lines[0]["level"] == "warning" and "timestamp" in lines[0]
    assert lines[1]["rows"] == 3 and lines[1]["request_id"] == "rid-1"
