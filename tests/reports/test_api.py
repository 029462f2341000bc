"""/api/reports/: CRUD, validation (field-level 400s, nothing saved), permissions (owner and admin write,
readers read, anyone else 404), render as HTML and PDF, send now, query counts."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from reports.models import Report
from reports.services import report_create

pytestmark = pytest.mark.django_db

BODY = {"name": "Weekly ops", "blocks": [{"kind": "kpis"}, {"kind": "runs_table", "limit": 5}], "window": "7d"}


def test_crud(client_for, editor, seeded):
    api = client_for(editor)
    created = api.post("/api/reports/", {**BODY, "pipelines": [seeded.mine.pk], "tags": ["finance"]}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["owner"] == editor.username and body["pipelines"] == [seeded.mine.pk] and body["can_edit"]
    assert body["blocks"][0] == {
        "kind": "kpis",
        "title": "",
        "metrics": ["runs", "success_rate", "p95_duration", "rows"],
    }
    assert body["deliveries"] == []
    pk = body["id"]
    patched = api.patch(f"/api/reports/{pk}/", {"name": "Renamed", "blocks": [{"kind": "insights"}]}, format="json")
    assert patched.status_code == 200 and patched.json()["name"] == "Renamed"
    assert patched.json()["blocks"] == [{"kind": "insights", "title": "", "limit": 20}]
    assert patched.json()["pipelines"] == [seeded.mine.pk]  # untouched
    put = api.put(f"/api/reports/{pk}/", {"name": "Put"}, format="json")
    assert put.status_code == 200 and put.json()["name"] == "Put"
    listed = api.get("/api/reports/")
    assert listed.status_code == 200 and [r["id"] for r in listed.json()["results"]] == [pk]
    assert api.delete(f"/api/reports/{pk}/").status_code == 204
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"blocks": [{"kind": "runs_table", "limit": 1000}]}, "blocks.0.limit"),
        ({"blocks": [{"kind": "kpis"}, {"kind": "nope"}]}, "blocks.1"),
        ({"blocks": [{"kind": "kpis", "metrics": []}]}, "blocks.0.metrics"),
        ({"blocks": [{"kind": "kpis", "evil": 1}]}, "blocks.0.evil"),
        ({"blocks": [{"kind": "kpis"}] * 31}, "blocks"),
        ({"blocks": {"kind": "kpis"}}, "blocks"),
        ({"blocks": [{"kind": "runs_table", "limit": 100}] * 3 + [{"kind": "insights", "limit": 1}]}, "blocks"),
        ({"window": "range"}, "since"),
        ({"window": "range", "since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"}, "since"),
        ({"schedule_cron": "61 * * * *"}, "schedule_cron"),
        ({"schedule_cron": "* * * *"}, "schedule_cron"),
        ({"schedule_timezone": "Mars/Olympus"}, "schedule_timezone"),
        ({"schedule_enabled": True}, "schedule_cron"),
        ({"schedule_enabled": True, "schedule_cron": "0 8 * * 1"}, "email_recipients"),
        ({"email_recipients": ["not-an-address"]}, "email_recipients"),
        ({"webhook_url": "file:///etc/passwd"}, "webhook_url"),
        ({"webhook_url": "http://user:pw@example.com/x"}, "webhook_url"),
        ({"tags": ["Bad Tag"]}, "tags"),
        ({"pipeline_owners": ["nobody-here"]}, "pipeline_owners"),
        ({"shared_with_users": ["nobody-here"]}, "shared_with_users"),
        ({"shared_with_groups": ["no-such-group"]}, "shared_with_groups"),
        ({"name": "bad\x00name"}, "name"),
        ({"description": "x\x00"}, "description"),
        ({"blocks": [{"kind": "kpis", "title": "a\x00b"}]}, "blocks"),
        ({"shared_with_users": ["a\x00"]}, "shared_with_users"),
        ({"pipeline_owners": ["a\x00"]}, "pipeline_owners"),
        ({"shared_with_groups": ["a\x00"]}, "shared_with_groups"),
        ({"email_recipients": ["a\x00@example.com"]}, "email_recipients"),
        ({"webhook_url": "https://example.com/\x00"}, "webhook_url"),
        ({"schedule_timezone": "UTC\x00"}, "schedule_timezone"),
        ({"pipelines": list(range(1, 300))}, "pipelines"),
    ],
)
def test_bad_input_is_a_field_level_400_and_nothing_is_saved(client_for, editor, patch, field):
    response = client_for(editor).post("/api/reports/", {**BODY, **patch}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    assert not Report.objects.exists()


def test_another_users_pipeline_is_not_found(client_for, editor, seeded):
    response = client_for(editor).post("/api/reports/", {**BODY, "pipelines": [seeded.other.pk]}, format="json")
    assert response.status_code == 400
    assert response.json()["pipelines"] == [f"No pipeline {seeded.other.pk} visible to the report's owner."]


def test_permissions(client_for, api, editor, viewer, stranger, staff, seeded):
    report = report_create(
        user=editor, name="Mine", blocks=[{"kind": "kpis"}], shared_with_users=[viewer.username],
        email_recipients=["ops@example.com"], webhook_url="https://hooks.example.com/x",
    )  # fmt: skip
    url = f"/api/reports/{report.pk}/"
    assert api.get(url).status_code == 401
    for path in (url, url + "render/"):
        assert client_for(stranger).get(path).status_code == 404
    assert client_for(stranger).patch(url, {"name": "x"}, format="json").status_code == 404
    assert client_for(stranger).post(url + "send/").status_code == 404
    assert client_for(stranger).get("/api/reports/").json()["results"] == []
    reader = client_for(viewer)
    seen = reader.get(url).json()
    assert seen["name"] == "Mine" and not seen["can_edit"]
    assert seen["email_recipients"] == [] and seen["webhook_url"] == ""  # where it goes: owner and admins only
    assert reader.patch(url, {"name": "x"}, format="json").status_code == 403
    assert reader.patch(url, {"name": "x" * 999}, format="json").status_code == 403  # permission before validation
    assert reader.delete(url).status_code == 403
    assert reader.post(url + "send/").status_code == 403
    assert reader.post("/api/reports/", BODY, format="json").status_code == 403  # viewers create nothing
    admin = client_for(staff)
    assert admin.get(url).json()["email_recipients"] == ["ops@example.com"]
    assert admin.patch(url, {"name": "By admin"}, format="json").status_code == 200


def test_render_html_and_pdf(client_for, editor, seeded):
    report = report_create(
        user=editor, name="Rendered", blocks=[{"kind": "kpis"}, {"kind": "runs_chart"}, {"kind": "runs_table"}]
    )
    api = client_for(editor)
    html = api.get(f"/api/reports/{report.pk}/render/?format=html")
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    assert html["Content-Disposition"] == 'attachment; filename="rendered.html"'
    text = html.content.decode()
    assert "<svg" in text and "Rendered" in text and "Secret payroll" not in text
    pdf = api.get(f"/api/reports/{report.pk}/render/?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    pages = HTML(string=text).render().pages
    assert len(pages) >= 1
    assert api.get(f"/api/reports/{report.pk}/render/?format=docx").status_code == 400


def test_send_without_channels_is_a_400(client_for, editor):
    report = report_create(user=editor, name="Nowhere", blocks=[{"kind": "kpis"}])
    response = client_for(editor).post(f"/api/reports/{report.pk}/send/")
    assert response.status_code == 400 and "email_recipients" in response.json()


def test_list_queries_do_not_grow_with_the_reports(client_for, editor, viewer, seeded, django_assert_max_num_queries):
    api = client_for(editor)

    def make(n):
        for i in range(n):
            report_create(
                user=editor, name=f"R{i}", blocks=[{"kind": "kpis"}], pipelines=[seeded.mine.pk],
                shared_with_users=[viewer.username],
            )  # fmt: skip

    make(2)
    with django_assert_max_num_queries(12) as few:
        assert len(api.get("/api/reports/").json()["results"]) == 2
    make(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/reports/").json()["results"]) == 22


def test_names_and_titles_are_escaped_in_the_html_and_the_svg(client_for, editor, seeded):
    evil = "<script>alert(1)</script>"
    report = report_create(
        user=editor, name=f"R {evil}", description=evil,
        blocks=[{"kind": "runs_chart", "title": f"</title>{evil}"}, {"kind": "kpis", "title": evil}],
    )  # fmt: skip
    text = client_for(editor).get(f"/api/reports/{report.pk}/render/?format=html").content.decode()
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;/title&gt;" in text


def test_deep_and_huge_bodies_are_refused(client_for, editor):
    api = client_for(editor)
    deep = '{"name": "d", "blocks": [' + "[" * 5000 + "]" * 5000 + "]}"
    response = api.post("/api/reports/", deep, content_type="application/json")
    assert response.status_code == 400
    many = {"name": "m", "blocks": [{"kind": "runs_table", "limit": 5}] * 10_000}
    response = api.post("/api/reports/", many, format="json")
    assert response.status_code in (400, 413) and not Report.objects.exists()


def test_the_pdf_is_printed_in_the_interactive_pool(client_for, editor, seeded, monkeypatch):
    """WeasyPrint takes seconds of CPU-bound Python on a long report: the web process hands it to the pool."""
    from pipelines import interactive

    jobs = []
    real_call = interactive.call

    def spy(path, /, **kwargs):
        jobs.append(path)
        return real_call(path, **kwargs)

    monkeypatch.setattr(interactive, "call", spy)
    report = report_create(user=editor, name="Pooled", blocks=[{"kind": "kpis"}])
    pdf = client_for(editor).get(f"/api/reports/{report.pk}/render/?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert jobs == ["reports.rendering.pdf_from_html"]
