"""Object ids in paths and filters are bounded to 1..2**63-1 where they enter (core/ids.py): a larger
number is a 404 (path) or a 400 naming the parameter (filter), never a query. On SQLite (the embedded
mode) such a number in a foreign-key lookup raised OverflowError, a 500 (issue 14)."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from core.ids import MAX_ID, IdConverter
from tests import factories

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"


def test_converter_takes_ids_in_range_only():
    converter = IdConverter()
    assert converter.to_python("1") == 1
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    for bad in ("0", str(MAX_ID + 1), HUGE):
        with pytest.raises(ValueError):
            converter.to_python(bad)
    assert resolve(f"/api/pipelines/{MAX_ID}/").kwargs == {"pk": MAX_ID}
    assert reverse("pipeline-detail", kwargs={"pk": 7}) == "/api/pipelines/7/"


@pytest.mark.parametrize(
    "url",
    [
        f"/api/pipelines/{HUGE}/",
        f"/api/pipelines/{HUGE}/versions/1/",
        f"/api/executions/{HUGE}/steps/src/preview/",
        f"/api/monitoring/stages/{HUGE}/src/history/",
        f"/api/templates/{HUGE}/",
        f"/api/subscriptions/{HUGE}/",
    ],
)
def test_a_huge_id_in_an_api_path_is_a_json_404(client_for, staff, url):
    response = client_for(staff).get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json" and response.json() == {"detail": "Not found."}


def test_a_huge_id_in_a_page_path_is_the_404_page(client, staff):
    client.force_login(staff)
    response = client.get(f"/pipelines/{HUGE}/")
    assert response.status_code == 404 and "Not found" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"), [(HUGE, "less than or equal to"), ("0", "greater than"), ("1.5", "whole")]
)
def test_an_id_filter_out_of_range_is_a_400_naming_it(client_for, staff, value, message):
    response = client_for(staff).get("/api/executions/", {"pipeline": value})
    assert response.status_code == 400
    assert message in response.json()["pipeline"][0]


def test_an_id_filter_in_range_filters(client_for, staff):
    assert client_for(staff).get("/api/executions/", {"pipeline": MAX_ID}).json()["count"] == 0


def test_the_openapi_document_bounds_path_ids(client_for, staff):
    schema = client_for(staff).get("/api/schema/", {"format": "json"}).json()
    (param,) = [p for p in schema["paths"]["/api/pipelines/{id}/"]["get"]["parameters"] if p["name"] == "id"]
    assert param["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_ID}


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("1968-04-10T21:51:01-21:07", 200),  # an offset PostgreSQL refuses (±15:59): a DataError, a 500
        ("2026-01-01T00:00:00+14:00", 200),
        ("0001-01-01T00:00:00+05:00", 400),  # before year 1 in UTC
        ("9999-12-31T23:00:00-05:00", 400),  # after year 9999 in UTC
        ("not a date", 400),
    ],
)
def test_date_time_filters_reach_the_database_in_utc(client_for, staff, value, status):
    for name in ("created_after", "created_before"):
        response = client_for(staff).get("/api/executions/", {name: value})
        assert response.status_code == status, response.content[:300]
        if status == 400:
            assert response.json()[name]


def test_no_get_operation_fails_on_a_huge_number_on_sqlite(tmp_path):
    """The embedded mode's SQLite: every GET of the API with 99999999999999999999 in each path and query
    parameter, in a process of its own (tests/config/_sqlite_huge_ids.py); none is a 5xx."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "DATABASE_URL", "REDIS_URL")}
    env.update(SLUICE_VAR_DIR=str(tmp_path), DATA_ROOT=str(tmp_path / "data"))
    script = Path(__file__).resolve().parent / "_sqlite_huge_ids.py"
    out = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "sluice.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    statuses = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(statuses) > 50
    assert {url: code for url, code in statuses.items() if code >= 500} == {}


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/audit/", {"since": "0170-01-18T13:01:00-19:13", "until": "2026-01-01T00:00:00-21:07"}),
        ("/api/quality/results/", {"since": "2026-12-01T00:00:00-19:13", "until": "2026-12-05T00:00:00-21:07"}),
    ],
)
def test_other_date_time_parameters_reach_the_database_in_utc(client_for, url, params):
    """The fuzzer's find: GET /api/audit/?since=0170-01-18T13:01:00-19:13 was a 500 (PostgreSQL's offsets end
    at ±15:59); every date-time parameter goes through core.ids.utc_moment."""
    admin = factories.UserFactory(role="admin", is_staff=True)
    response = client_for(admin).get(url, params)
    assert response.status_code == 200, response.content[:300]
    out_of_range = {name: "0001-01-01T00:00:00+05:00" for name in params}
    response = client_for(admin).get(url, out_of_range)
    assert response.status_code == 400 and response.json(), response.content[:300]
