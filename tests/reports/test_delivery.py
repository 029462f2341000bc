"""Delivery: email (HTML body, PDF attached), webhook (JSON with the figures, signed, through the SSRF
guard), the cron schedule (due logic, claimed once) and WeasyPrint's url_fetcher (static files only)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from weasyprint import HTML

from reports import rendering
from reports.models import Report, ReportDelivery
from reports.selectors import report_figures
from reports.services import next_send_at, report_create, report_send, reports_send_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SLUICE_PUBLIC_URL = "https://sluice.example.com"
    settings.SLUICE_REPORT_WEBHOOK_ATTEMPTS = 1


def test_email_has_the_html_body_and_the_pdf(editor, seeded, locmem):
    report = report_create(
        user=editor, name="Daily ops", blocks=[{"kind": "kpis"}, {"kind": "duration_chart"}],
        email_recipients=["ops@example.com", "lead@example.com"],
    )  # fmt: skip
    [delivery] = report_send(report=report, user=editor)
    assert delivery.status == "sent" and delivery.channel == "email" and delivery.trigger == "manual"
    [message] = mail.outbox
    assert message.to == ["ops@example.com", "lead@example.com"] and message.subject == "[Sluice] Daily ops"
    html, mime = message.alternatives[0]
    assert mime == "text/html" and "<svg" in html and f"https://sluice.example.com/reports/{report.pk}/" in html
    runs = report_figures(report=report, user=editor)["blocks"][0]["data"]["runs"]
    assert f"<dd>{runs}</dd>" in html
    [(name, pdf, pdf_mime)] = message.attachments
    assert name == "daily-ops.pdf" and pdf_mime == "application/pdf" and pdf.startswith(b"%PDF-")


def test_webhook_posts_the_figures_signed(editor, seeded, locmem, settings, httpserver):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = True  # the receiver is on 127.0.0.1
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    report = report_create(
        user=editor, name="Hooked", blocks=[{"kind": "kpis"}, {"kind": "quality_issues"}],
        webhook_url=httpserver.url_for("/hook"), webhook_secret="s3cret",
    )  # fmt: skip
    stored = Report.objects.values_list("encrypted_webhook_secret", flat=True).get(pk=report.pk)
    assert stored and "s3cret" not in stored  # encrypted at rest
    [delivery] = report_send(report=Report.objects.get(pk=report.pk), user=editor)
    assert delivery.channel == "webhook" and delivery.status == "sent", delivery.detail
    request, _ = httpserver.log[0]
    body = request.get_data()
    assert request.headers["X-Sluice-Signature"] == "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    payload = json.loads(body)
    figures = report_figures(report=report, user=editor)
    assert payload["report_id"] == report.pk and payload["link"] == f"https://sluice.example.com/reports/{report.pk}/"
    kpis = payload["blocks"][0]
    assert kpis["kind"] == "kpis" and kpis["data"]["runs"] == figures["blocks"][0]["data"]["runs"]
    assert kpis["data"]["rows"] == figures["blocks"][0]["data"]["rows"]
    assert [i["rule"] for i in payload["blocks"][1]["data"]] == ["open_rule"]
    assert "payroll" not in body.decode()


def test_webhook_to_a_private_address_is_refused_and_recorded(editor, locmem, settings, httpserver):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = False
    report = report_create(user=editor, name="SSRF", blocks=[{"kind": "kpis"}], webhook_url=httpserver.url_for("/hook"))
    [delivery] = report_send(report=report, user=editor)
    assert delivery.status == "failed" and delivery.detail.startswith("refused")
    assert httpserver.log == []


def test_a_failing_smtp_server_is_recorded(editor, locmem, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    report = report_create(user=editor, name="Mail", blocks=[{"kind": "kpis"}], email_recipients=["a@example.com"])
    [delivery] = report_send(report=report, user=editor)
    assert delivery.status == "failed" and "Connection" in delivery.detail


def test_cron_due_logic(editor, locmem):
    report = report_create(
        user=editor, name="Mondays", blocks=[{"kind": "kpis"}], schedule_enabled=True,
        schedule_cron="0 8 * * 1", schedule_timezone="Europe/Paris", email_recipients=["ops@example.com"],
    )  # fmt: skip
    # the next Monday 08:00 in Paris, in UTC
    assert report.next_send_at.astimezone(UTC).weekday() == 0
    assert report.next_send_at.astimezone(UTC).hour in (6, 7)  # 08:00 CEST / CET
    monday = datetime(2027, 1, 4, 6, 59, tzinfo=UTC)  # 07:59 in Paris (CET)
    Report.objects.filter(pk=report.pk).update(next_send_at=datetime(2027, 1, 4, 7, 0, tzinfo=UTC))
    assert reports_send_due(now=monday) == []  # not yet
    assert len(mail.outbox) == 0
    later = monday + timedelta(hours=5)
    assert reports_send_due(now=later) == [report.pk]
    assert len(mail.outbox) == 1
    report.refresh_from_db()
    assert report.next_send_at == datetime(2027, 1, 11, 7, 0, tzinfo=UTC)  # a week on, missed runs sent once
    assert reports_send_due(now=later + timedelta(minutes=1)) == []  # claimed: never twice
    delivery = ReportDelivery.objects.get()
    assert delivery.trigger == "schedule" and delivery.sent_by is None
    assert next_send_at(cron="30 9 * * *", tz="Asia/Tokyo", after=later) == datetime(2027, 1, 5, 0, 30, tzinfo=UTC)


def test_disabled_and_unscheduled_reports_are_never_due(editor, locmem):
    report = report_create(
        user=editor,
        name="Off",
        blocks=[{"kind": "kpis"}],
        schedule_cron="* * * * *",
        email_recipients=["a@example.com"],
    )
    assert report.next_send_at is None
    assert reports_send_due(now=datetime(2030, 1, 1, tzinfo=UTC)) == []


def test_url_fetcher_serves_static_files_only(tmp_path):
    fetch = rendering.url_fetcher()
    css = fetch.fetch(rendering.BASE_URL + "static/js/theme-init.js")
    assert css.status == 200
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    for url in (
        f"file://{secret}",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.com/static/js/theme-init.js",
        rendering.BASE_URL + "static/../../etc/passwd",
        rendering.BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        rendering.BASE_URL + "etc/passwd",
        "data:text/css,body{}",
        "ftp://example.com/x",
    ):
        with pytest.raises(rendering.RefusedURL):
            fetch.fetch(url)


def test_weasyprint_fetches_nothing_a_document_names(tmp_path, httpserver):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not really")
    httpserver.expect_request("/x.css").respond_with_data("body{}", content_type="text/css")
    html = (
        f'<link rel="stylesheet" href="{httpserver.url_for("/x.css")}"><img src="file://{secret}">'
        f'<img src="http://127.0.0.1:{httpserver.port}/img.png"><p>hello</p>'
    )
    pdf = HTML(string=html, base_url=rendering.BASE_URL, url_fetcher=rendering.url_fetcher()).write_pdf()
    assert pdf.startswith(b"%PDF-") and httpserver.log == []


def test_beat_task_claims_due_reports_and_queues_one_send_each(editor, locmem, monkeypatch):
    from reports import tasks

    queued = []
    monkeypatch.setattr(tasks.send_scheduled, "delay", lambda pk: queued.append(pk))
    report = report_create(
        user=editor, name="Hourly", blocks=[{"kind": "kpis"}], schedule_enabled=True, schedule_cron="0 * * * *",
        email_recipients=["ops@example.com"],
    )  # fmt: skip
    Report.objects.filter(pk=report.pk).update(next_send_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert tasks.send_due() == [report.pk] and queued == [report.pk]
    assert tasks.send_due() == [] and len(mail.outbox) == 0  # claimed once; the send is the queued task's
    tasks.send_scheduled(report.pk)
    assert len(mail.outbox) == 1 and ReportDelivery.objects.get().trigger == "schedule"


def test_embedded_loop_tick_sends_due_reports(editor, locmem):
    from reports.loop import _tick

    report = report_create(
        user=editor, name="Loop", blocks=[{"kind": "kpis"}], schedule_enabled=True, schedule_cron="0 * * * *",
        email_recipients=["ops@example.com"],
    )  # fmt: skip
    Report.objects.filter(pk=report.pk).update(next_send_at=datetime(2020, 1, 1, tzinfo=UTC))
    _tick()
    assert len(mail.outbox) == 1


def test_send_now_is_limited_per_user_and_hour(client_for, client, editor, locmem, settings):
    import time

    from django.core.cache import cache

    key = f"sluice:report-sends:{editor.pk}:{int(time.time()) // 3600}"  # as the service counts
    cache.delete(key)  # pks repeat across test databases: start this user's hour at zero (never cache.clear())
    settings.SLUICE_REPORT_SENDS_PER_HOUR = 2
    report = report_create(user=editor, name="Spam", blocks=[{"kind": "kpis"}], email_recipients=["a@example.com"])
    api = client_for(editor)
    assert api.post(f"/api/reports/{report.pk}/send/").status_code == 200
    assert api.post(f"/api/reports/{report.pk}/send/").status_code == 200
    refused = api.post(f"/api/reports/{report.pk}/send/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    client.force_login(editor)
    page = client.post(f"/reports/{report.pk}/send/", follow=True).content.decode()
    assert "reports sent by hand per hour" in page
    assert len(mail.outbox) == 2
    cache.delete(key)
