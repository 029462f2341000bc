"""Alert rules' list fields are typed: null or junk in them is a 400 naming the field, in JSON and in
multipart forms alike (issue 14: a multipart ``channels=null`` decoded to None after the null check and
reached the database as a 500)."""

from __future__ import annotations

import pytest

from monitoring.models import AlertRule

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["channels", "emails"])
def test_multipart_null_in_a_list_field_is_a_400(client_for, staff, field):
    response = client_for(staff).post(
        "/api/alert-rules/", {"name": "r", "kind": "execution_failed", field: "null"}, format="multipart"
    )
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()
    assert not AlertRule.objects.exists()


@pytest.mark.parametrize("field", ["channels", "emails", "params"])
def test_json_null_is_a_400(client_for, staff, field):
    response = client_for(staff).post(
        "/api/alert-rules/", {"name": "r", "kind": "execution_failed", field: None}, format="json"
    )
    assert response.status_code == 400
    assert response.json()[field] == ["This field may not be null."]


def test_multipart_lists_are_read_as_repeated_fields(client_for, staff):
    response = client_for(staff).post(
        "/api/alert-rules/",
        {"name": "r", "kind": "execution_failed", "channels": ["in_app", "email"], "emails": ["ops@example.com"]},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    rule = AlertRule.objects.get()
    assert rule.channels == ["in_app", "email"] and rule.emails == ["ops@example.com"]


def test_bad_address_is_named(client_for, staff):
    response = client_for(staff).post(
        "/api/alert-rules/",
        {"name": "r", "kind": "execution_failed", "emails": ["not an address"]},
        format="json",
    )
    assert response.status_code == 400
    assert "emails" in response.json()


@pytest.mark.parametrize("fmt", ["multipart", "json"])
def test_a_nul_in_a_recipient_name_is_a_400_not_a_database_error(client_for, staff, fmt):
    # The fuzzer's case: a username with a NUL reached PostgreSQL's lookup (a 500).
    response = client_for(staff).post(
        "/api/alert-rules/", {"name": "r", "kind": "execution_failed", "recipients": ["ad\x00min"]}, format=fmt
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["recipients"] == ["Text may not contain NUL characters or unpaired surrogates."]
    assert not AlertRule.objects.exists()
