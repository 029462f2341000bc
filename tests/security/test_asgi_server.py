"""Bodies the ASGI server (daphne on Twisted) used to answer itself reach Django (config/asgi_server.py).

Twisted parsed multipart POST bodies before daphne saw them and answered one it could not parse (an
empty multipart document) with a bare 400: no headers, no message, nothing logged (issue 14)."""

from __future__ import annotations

import pytest
import requests

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EMPTY_MULTIPART = {"data": b"--b0undary--\r\n", "headers": {"Content-Type": "multipart/form-data; boundary=b0undary"}}


@pytest.fixture
def bearer(fuzz_server, editor):
    editor.set_password("asgi-pass-word-123")
    editor.save()
    response = requests.post(
        f"{fuzz_server['base']}/api/auth/token/",
        json={"username": editor.username, "password": "asgi-pass-word-123"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access']}"}


@pytest.mark.parametrize("url", ["/api/validate/", "/api/pipelines/", "/api/templates/"])
def test_an_empty_multipart_body_gets_a_json_400_that_says_what_is_missing(fuzz_server, bearer, url):
    response = requests.post(
        f"{fuzz_server['base']}{url}",
        data=EMPTY_MULTIPART["data"],
        headers={**EMPTY_MULTIPART["headers"], **bearer},
        timeout=30,
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body and all(messages for messages in body.values()), body


def test_an_anonymous_empty_multipart_body_is_a_401(fuzz_server):
    response = requests.post(f"{fuzz_server['base']}/api/validate/", timeout=30, **EMPTY_MULTIPART)
    assert response.status_code == 401 and response.json()["detail"]


def test_a_multipart_body_without_a_boundary_is_a_400_naming_the_problem(fuzz_server, bearer):
    response = requests.post(
        f"{fuzz_server['base']}/api/validate/",
        data=b"junk",
        headers={"Content-Type": "multipart/form-data", **bearer},
        timeout=30,
    )
    assert response.status_code == 400 and "boundary" in response.json()["detail"]


def test_a_url_over_the_limit_is_a_414_that_says_so(fuzz_server):
    response = requests.get(f"{fuzz_server['base']}/api/pipelines/?search={'a' * 17000}", timeout=30)
    assert response.status_code == 414 and "longer than" in response.json()["detail"]


def test_a_header_over_the_limit_is_a_431_that_says_so(fuzz_server):
    response = requests.get(f"{fuzz_server['base']}/api/pipelines/", headers={"X-Big": "a" * 17000}, timeout=30)
    assert response.status_code == 431 and "longer than" in response.json()["detail"]
    assert requests.get(f"{fuzz_server['base']}/healthz", timeout=10).status_code == 200
