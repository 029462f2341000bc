"""Writes of the reports app: create, update, delete a report (every field validated, nothing half-saved),
send it now or on its cron schedule by email (HTML body + PDF attachment) and webhook (JSON through the
SSRF guard), and record each delivery."""

from __future__ import annotations

import logging
import re
import time
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from croniter import croniter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from notifications.delivery import send_webhook
from notifications.events import publish
from pipelines import roles
from pipelines.models import Pipeline
from pipelines.models.pipeline import TAG_RE
from pipelines.selectors import pipelines_visible_to
from reports.blocks import blocks_validate
from reports.models import Report, ReportDelivery
from reports.rendering import report_html, report_pdf
from reports.selectors import report_can_edit, report_figures

log = logging.getLogger("sluice.reports")
MAX_RANGE_DAYS = 366
MAX_PIPELINES = 200
MAX_TAGS = 20
MAX_RECIPIENTS = 50
MAX_SHARES = 100
FIELDS = (
    "name",
    "description",
    "blocks",
    "window",
    "since",
    "until",
    "pipelines",
    "tags",
    "pipeline_owners",
    "shared_with_users",
    "shared_with_groups",
    "schedule_cron",
    "schedule_timezone",
    "schedule_enabled",
    "email_recipients",
    "webhook_url",
    "webhook_secret",
)
M2M = ("pipelines", "shared_with_users", "shared_with_groups")


def _has_nul(value: Any, depth: int = 0) -> bool:
    """A NUL anywhere in ``value`` (PostgreSQL stores none, in text or in jsonb)."""
    if isinstance(value, str):
        return "\x00" in value
    if depth > 20:
        return False
    if isinstance(value, dict):
        return any(_has_nul(k, depth + 1) or _has_nul(v, depth + 1) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v, depth + 1) for v in value)
    return False


def _no_nul(errors: dict[str, list[str]], name: str, value: Any) -> None:
    if _has_nul(value):
        errors.setdefault(name, []).append("NUL characters are not allowed.")


def cron_validate(expression: str) -> str:
    """A 5-field cron expression (croniter), or a ValidationError naming ``schedule_cron``."""
    text = " ".join(expression.split())
    if len(text.split()) != 5 or not croniter.is_valid(text):
        raise ValidationError({"schedule_cron": [f"{text[:60]!r} is not a 5-field cron expression, e.g. 0 8 * * 1."]})
    return text


def next_send_at(*, cron: str, tz: str, after: datetime | None = None) -> datetime:
    """The next fire time of ``cron`` in time zone ``tz`` after ``after`` (now), in UTC."""
    start = (after or timezone.now()).astimezone(ZoneInfo(tz))
    return croniter(cron, start).get_next(datetime).astimezone(ZoneInfo("UTC"))


def _clean_sharing(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    users = data.get("shared_with_users")
    if users is not None:
        names = [str(u) for u in users][: MAX_SHARES + 1]
        if len(names) > MAX_SHARES:
            errors["shared_with_users"] = [f"At most {MAX_SHARES} users."]
        else:
            found = {u.username: u for u in get_user_model().objects.filter(username__in=names, is_active=True)}
            missing = [n for n in names if n not in found]
            if missing:
                errors["shared_with_users"] = [f"No active user {n[:50]!r}." for n in missing[:5]]
            data["shared_with_users"] = [found[n] for n in dict.fromkeys(names) if n in found]
    groups = data.get("shared_with_groups")
    if groups is not None:
        names = [str(g) for g in groups][: MAX_SHARES + 1]
        if len(names) > MAX_SHARES:
            errors["shared_with_groups"] = [f"At most {MAX_SHARES} groups."]
        else:
            found_groups = {g.name: g for g in Group.objects.filter(name__in=names)}
            missing = [n for n in names if n not in found_groups]
            if missing:
                errors["shared_with_groups"] = [f"No group {n[:50]!r}." for n in missing[:5]]
            data["shared_with_groups"] = [found_groups[n] for n in dict.fromkeys(names) if n in found_groups]


def _clean_filters(data: dict[str, Any], owner, errors: dict[str, list[str]]) -> None:
    pipelines = data.get("pipelines")
    if pipelines is not None:
        ids = [p.pk if isinstance(p, Pipeline) else p for p in pipelines]
        if len(ids) > MAX_PIPELINES:
            errors["pipelines"] = [f"At most {MAX_PIPELINES} pipelines."]
        elif not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**63 for i in ids):
            errors["pipelines"] = ["A list of pipeline ids."]
        else:
            visible = {p.pk: p for p in pipelines_visible_to(user=owner).filter(pk__in=ids)}
            unknown = [i for i in ids if i not in visible]
            if unknown:  # another user's pipeline is not disclosed: it is just not found
                errors["pipelines"] = [f"No pipeline {i} visible to the report's owner." for i in unknown[:5]]
            data["pipelines"] = [visible[i] for i in dict.fromkeys(ids) if i in visible]
    tags = data.get("tags")
    if tags is not None:
        if not isinstance(tags, list) or len(tags) > MAX_TAGS:
            errors["tags"] = [f"A list of at most {MAX_TAGS} tag names."]
        else:
            bad = [t for t in tags if not isinstance(t, str) or not re.match(TAG_RE, t)]
            if bad:
                errors["tags"] = [
                    f"{str(t)[:50]!r} is not a tag name (lowercase letters, digits, - and _)." for t in bad
                ]
            else:
                data["tags"] = list(dict.fromkeys(tags))
    owners = data.get("pipeline_owners")
    if owners is not None:
        if not isinstance(owners, list) or len(owners) > MAX_SHARES or not all(isinstance(o, str) for o in owners):
            errors["pipeline_owners"] = [f"A list of at most {MAX_SHARES} usernames."]
        else:
            known = set(get_user_model().objects.filter(username__in=owners).values_list("username", flat=True))
            missing = [o for o in owners if o not in known]
            if missing:
                errors["pipeline_owners"] = [f"No user {o[:50]!r}." for o in missing[:5]]
            data["pipeline_owners"] = list(dict.fromkeys(owners))


def _clean_schedule(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    if data.get("schedule_cron"):
        try:
            data["schedule_cron"] = cron_validate(data["schedule_cron"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if data.get("schedule_timezone") and data["schedule_timezone"] not in available_timezones():
        errors["schedule_timezone"] = [f"Unknown time zone {data['schedule_timezone'][:60]!r}."]
    recipients = data.get("email_recipients")
    if recipients is not None:
        if not isinstance(recipients, list) or len(recipients) > MAX_RECIPIENTS:
            errors["email_recipients"] = [f"A list of at most {MAX_RECIPIENTS} email addresses."]
        else:
            for address in recipients:
                try:
                    if not isinstance(address, str) or "\x00" in address:
                        raise ValidationError("bad")
                    validate_email(address)
                except ValidationError:
                    errors.setdefault("email_recipients", []).append(f"{str(address)[:80]!r} is not an email address.")
            data["email_recipients"] = list(dict.fromkeys(a.strip().lower() for a in recipients if isinstance(a, str)))
    url = data.get("webhook_url")
    if url and not re.match(r"^https?://[^/@\s]+(/\S*)?$", url):
        errors["webhook_url"] = ["An http(s) URL without credentials."]


def _clean(report: Report, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` checked against ``report`` (the saved values fill what ``data`` leaves out); the cleaned
    values, or a ValidationError with every field's messages."""
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        _no_nul(errors, name, value)
    if errors:
        raise ValidationError(errors)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            errors["name"] = ["A report needs a name."]
        elif len(data["name"]) > 200:
            errors["name"] = ["At most 200 characters."]
    if "blocks" in data:
        try:
            data["blocks"] = blocks_validate(data["blocks"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    window = data.get("window", report.window)
    if window not in Report.Window.values:
        errors["window"] = [f"One of {', '.join(Report.Window.values)}."]
    since, until = data.get("since", report.since), data.get("until", report.until)
    for name, moment in (("since", since), ("until", until)):
        if moment is not None and not isinstance(moment, datetime):
            errors[name] = [f"{name} is an ISO date-time, e.g. 2026-01-31T08:00."]
    if window == Report.Window.RANGE and not errors:
        if not since or not until:
            errors["since"] = ["An explicit range needs since and until."]
        elif since >= until:
            errors["since"] = ["since must be before until."]
        elif (until - since).days > MAX_RANGE_DAYS:
            errors["since"] = [f"The range is at most {MAX_RANGE_DAYS} days."]
    _clean_filters(data, report.owner, errors)
    _clean_sharing(data, errors)
    _clean_schedule(data, errors)
    enabled = data.get("schedule_enabled", report.schedule_enabled)
    if enabled and not errors:
        if not data.get("schedule_cron", report.schedule_cron):
            errors["schedule_cron"] = ["A schedule needs a cron expression."]
        if not data.get("email_recipients", report.email_recipients) and not data.get(
            "webhook_url", report.webhook_url
        ):
            errors["email_recipients"] = ["A schedule needs email recipients or a webhook URL."]
    if errors:
        raise ValidationError(errors)
    return data


def _save(report: Report, data: dict[str, Any]) -> Report:
    m2m = {name: data.pop(name) for name in M2M if name in data}
    for name, value in data.items():
        setattr(report, name, value)
    if report.window != Report.Window.RANGE:
        report.since = report.until = None
    report.next_send_at = (
        next_send_at(cron=report.schedule_cron, tz=report.schedule_timezone)
        if report.schedule_enabled and report.schedule_cron
        else None
    )
    report.save()
    for name, values in m2m.items():
        getattr(report, name).set(values)
    return report


def report_create(*, user, **fields: Any) -> Report:
    """A new report owned by ``user`` (editors and above)."""
    if not roles.has_role(user, roles.EDITOR):
        raise PermissionDenied("Creating reports needs the editor role.")
    _refuse_unknown(fields)
    report = Report(owner=user, name="")
    data = _clean(report, {"name": fields.pop("name", ""), "blocks": fields.pop("blocks", []), **fields})
    with transaction.atomic():
        return _save(report, data)


def _refuse_unknown(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError({name: ["Unknown field."] for name in sorted(unknown)})


def report_update(*, report: Report, user, **fields: Any) -> Report:
    """Change the given fields of ``report`` (its owner or an admin)."""
    if not report_can_edit(report=report, user=user):
        raise PermissionDenied("Only the report's owner or an admin changes it.")
    _refuse_unknown(fields)
    data = _clean(report, dict(fields))
    with transaction.atomic():
        return _save(report, data)


def report_delete(*, report: Report, user) -> None:
    if not report_can_edit(report=report, user=user):
        raise PermissionDenied("Only the report's owner or an admin deletes it.")
    report.delete()


# --- delivery -----------------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def report_link(*, report: Report, base_url: str = "") -> str:
    base = (settings.SLUICE_PUBLIC_URL or base_url).rstrip("/")
    return base + reverse("reports:detail", args=[report.pk])


def report_payload(*, report: Report, figures: dict[str, Any], link: str) -> dict[str, Any]:
    """The webhook body: the report, its window, its link and every block's figures."""
    return {
        "type": "report",
        "report_id": report.pk,
        "name": report.name,
        "link": link,
        "since": _jsonable(figures["since"]),
        "until": _jsonable(figures["until"]),
        "generated_at": _jsonable(figures["generated_at"]),
        "pipelines": figures["pipelines"],
        "blocks": [{"kind": b["kind"], "title": b["heading"], "data": _jsonable(b["data"])} for b in figures["blocks"]],
    }


def _record(report: Report, channel: str, ok: bool, detail: str, trigger: str, user) -> ReportDelivery:
    """The delivery row and its ``report.delivered`` event on ``report:<id>`` (sent after commit)."""
    with transaction.atomic():
        delivery = ReportDelivery.objects.create(
            report=report,
            channel=channel,
            status=ReportDelivery.Status.SENT if ok else ReportDelivery.Status.FAILED,
            trigger=trigger,
            detail=detail[:500],
            sent_by=user,
        )
        publish(
            f"report:{report.pk}",
            "report.delivered",
            {
                "report_id": report.pk,
                "report": report.name,
                "channel": channel,
                "status": delivery.status,
                "trigger": trigger,
                "detail": delivery.detail,
            },
        )
    return delivery


def _email(report: Report, figures: dict[str, Any], link: str) -> tuple[bool, str]:
    html = report_html(figures, link=link)
    pdf, pages = report_pdf(figures, link=link)
    since, until = figures["since"].strftime("%Y-%m-%d %H:%M"), figures["until"].strftime("%Y-%m-%d %H:%M")
    text = f"{report.name}\n{since} – {until} UTC\n\nThe report is attached as a PDF ({pages} pages).\n{link}\n"
    message = EmailMultiAlternatives(
        subject=f"[Sluice] {report.name}"[:200],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=report.email_recipients,
    )
    message.attach_alternative(html, "text/html")
    message.attach(f"{slugify(report.name) or 'report'}.pdf", pdf, "application/pdf")
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # an SMTP problem is recorded on the delivery, not raised
        return False, f"{type(exc).__name__}: {exc}"
    return True, f"sent to {len(report.email_recipients)}"


class SendLimitReached(Exception):
    """Someone pressed "send now" more than SLUICE_REPORT_SENDS_PER_HOUR times this hour."""

    def __init__(self, wait: int):
        super().__init__(f"At most {settings.SLUICE_REPORT_SENDS_PER_HOUR} reports sent by hand per hour.")
        self.wait = wait


def _count_manual_send(user) -> None:
    """One more "send now" by ``user`` this hour (counted in the cache, shared by every web process)."""
    limit = settings.SLUICE_REPORT_SENDS_PER_HOUR
    if not limit:
        return
    now = int(time.time())
    key = f"sluice:report-sends:{user.pk}:{now // 3600}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    if count > limit:
        raise SendLimitReached(wait=3600 - now % 3600)


def report_send(*, report: Report, user=None, trigger: str = ReportDelivery.Trigger.MANUAL, base_url: str = ""):
    """Render ``report`` as its owner (whoever asks, the recipients get what the owner may see) and deliver
    it to every configured channel; one ReportDelivery per channel. ``user`` sends it now (its owner or
    an admin); None is the scheduler."""
    if user is not None and not report_can_edit(report=report, user=user):
        raise PermissionDenied("Only the report's owner or an admin sends it.")
    if not report.email_recipients and not report.webhook_url:
        raise ValidationError({"email_recipients": ["The report has no email recipients and no webhook URL."]})
    if user is not None:
        _count_manual_send(user)
    figures = report_figures(report=report, user=report.owner)
    link = report_link(report=report, base_url=base_url)
    deliveries = []
    if report.email_recipients:
        try:
            ok, detail = _email(report, figures, link)
        except Exception as exc:  # rendering failed: recorded, the webhook still goes
            log.exception("report %s: email failed", report.pk)
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        deliveries.append(_record(report, ReportDelivery.Channel.EMAIL, ok, detail, trigger, user))
    if report.webhook_url:
        payload = report_payload(report=report, figures=figures, link=link)
        ok, detail = send_webhook(
            url=report.webhook_url,
            payload=payload,
            secret=report.webhook_secret,
            attempts=settings.SLUICE_REPORT_WEBHOOK_ATTEMPTS,
        )
        deliveries.append(_record(report, ReportDelivery.Channel.WEBHOOK, ok, detail, trigger, user))
    return deliveries


def reports_send_due(*, now: datetime | None = None, send=None) -> list[int]:
    """Every report whose schedule is due: claim it by moving its next time on (a conditional update, so two
    schedulers never send it twice), then send it (``send(report_id)``; inline by default). Missed runs are
    sent once, not once per miss."""
    now = now or timezone.now()
    due = list(
        Report.objects.filter(schedule_enabled=True, next_send_at__lte=now)
        .exclude(schedule_cron="")
        .order_by("next_send_at", "id")
        .values_list("pk", "next_send_at", "schedule_cron", "schedule_timezone")[:100]
    )
    claimed = []
    for pk, at, cron, tz in due:
        nxt = next_send_at(cron=cron, tz=tz, after=now)
        if Report.objects.filter(pk=pk, next_send_at=at).update(next_send_at=nxt):
            claimed.append(pk)
    for pk in claimed:
        if send is not None:
            send(pk)
        else:
            report_send_scheduled(report_id=pk)
    return claimed


def report_send_scheduled(*, report_id: int) -> None:
    report = Report.objects.select_related("owner").filter(pk=report_id).first()
    if report is None or not report.owner.is_active:
        return
    try:
        report_send(report=report, trigger=ReportDelivery.Trigger.SCHEDULE)
    except ValidationError as exc:
        _record(report, ReportDelivery.Channel.EMAIL, False, "; ".join(exc.messages), "schedule", None)
