"""The report pages: the list, a report, the builder (create, edit, preview, the block operations), send."""

from __future__ import annotations

import pytest
from django.core import mail

from reports.models import Report
from reports.services import report_create

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "name": "Ops weekly",
        "description": "",
        "window": "7d",
        "block_count": "2",
        "block-0-kind": "kpis",
        "block-0-title": "",
        "block-0-metrics": ["runs", "rows"],
        "block-1-kind": "runs_table",
        "block-1-title": "Latest",
        "block-1-limit": "5",
        "schedule_timezone": "UTC",
    }
    data.update(extra)
    return data


def test_list_detail_and_nav(client, editor, seeded):
    report = report_create(user=editor, name="Ops weekly", blocks=[{"kind": "kpis"}, {"kind": "runs_chart"}])
    client.force_login(editor)
    page = client.get("/reports/")
    assert page.status_code == 200 and b"Ops weekly" in page.content and b'href="/reports/"' in page.content
    detail = client.get(f"/reports/{report.pk}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "<svg" in html and "Secret payroll" not in html and "Download PDF" in html and "Send now" in html


def test_builder_creates_a_report(client, editor, seeded):
    client.force_login(editor)
    assert client.get("/reports/new/").status_code == 200
    response = client.post("/reports/new/", _form(pipelines=[str(seeded.mine.pk)]))
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.owner == editor and [b["kind"] for b in report.blocks] == ["kpis", "runs_table"]
    assert report.blocks[0]["metrics"] == ["runs", "rows"] and report.blocks[1]["limit"] == 5
    assert list(report.pipelines.all()) == [seeded.mine]


def test_builder_errors_are_field_level_and_nothing_is_saved(client, editor, seeded):
    client.force_login(editor)
    response = client.post(
        "/reports/new/",
        _form(**{"block-1-limit": "5000", "schedule_cron": "every day", "pipelines": [str(seeded.other.pk)]}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "blocks.1.limit" in html and "schedule_cron" in html and f"No pipeline {seeded.other.pk}" in html
    assert not Report.objects.exists()


def test_preview_and_block_operations(client, editor, seeded):
    client.force_login(editor)
    preview = client.post("/reports/preview/", _form())
    assert preview.status_code == 200 and 'id="report-preview"' in preview.content.decode()
    assert 'data-kind="kpis"' in preview.content.decode()
    added = client.post("/reports/preview/", _form(op="add", new_kind="quality_chart")).content.decode()
    assert 'id="builder-blocks"' in added and 'hx-swap-oob="true"' in added
    assert added.count('name="block-2-kind" value="quality_chart"') == 1
    moved = client.post("/reports/preview/", _form(op="up:1")).content.decode()
    assert moved.index('-kind" value="runs_table"') < moved.index('-kind" value="kpis"')
    removed = client.post("/reports/preview/", _form(op="remove:0")).content.decode()
    assert '-kind" value="kpis"' not in removed and 'name="block_count" value="1"' in removed
    bad = client.post("/reports/preview/", _form(**{"block-0-metrics": []})).content.decode()
    assert "blocks.0.metrics" in bad


def test_edit_send_and_delete_need_the_owner(client, editor, viewer, settings, seeded):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report = report_create(
        user=editor, name="Mine", blocks=[{"kind": "kpis"}], shared_with_users=[viewer.username],
        email_recipients=["ops@example.com"],
    )  # fmt: skip
    client.force_login(viewer)
    assert client.get(f"/reports/{report.pk}/").status_code == 200
    assert client.get(f"/reports/{report.pk}/edit/").status_code == 403
    assert client.post(f"/reports/{report.pk}/send/").status_code == 403
    assert client.post(f"/reports/{report.pk}/delete/").status_code == 403
    assert client.get("/reports/new/").status_code == 403
    client.force_login(editor)
    assert client.get(f"/reports/{report.pk}/edit/").status_code == 200
    assert client.post(f"/reports/{report.pk}/send/").status_code == 302
    assert len(mail.outbox) == 1
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-delivery="sent"' in page
    assert client.post(f"/reports/{report.pk}/delete/").status_code == 302
    assert not Report.objects.exists()


def test_builder_with_a_bad_date_is_a_400_not_an_error(client, editor):
    client.force_login(editor)
    response = client.post("/reports/new/", _form(window="range", since="yesterday", until="2026-13-45T99:99"))
    assert response.status_code == 400 and "since is an ISO date-time" in response.content.decode()
    preview = client.post("/reports/preview/", _form(window="range", since="yesterday"))
    assert preview.status_code == 200 and "An explicit range needs since before until." in preview.content.decode()
    huge = client.post("/reports/preview/", _form(block_count="999999"))
    assert huge.status_code == 200 and "At most 30 blocks" in huge.content.decode()


def test_preview_with_nul_characters_is_not_an_error(client, editor):
    client.force_login(editor)
    response = client.post("/reports/preview/", _form(tags=["a\x00"], pipeline_owners="x\x00y", name="n\x00"))
    assert response.status_code == 200
    saved = client.post("/reports/new/", _form(tags=["a\x00"], pipeline_owners="x\x00y"))
    assert saved.status_code == 400 and "NUL characters are not allowed." in saved.content.decode()
