"""Alert rules: evaluation (when an execution finishes, and on every metrics tick), de-duplication
(one open alert per rule and subject), and delivery through notifications' channels."""

from __future__ import annotations

import logging
import statistics
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from executions.events import error_summary
from executions.models import Execution, StepRun
from monitoring.models import Alert, AlertRule, MetricSample, Worker
from notifications.delivery import send_email, send_webhook
from notifications.events import publish
from notifications.services import notification_create

log = logging.getLogger("sluice.alerts")
METRICS = ("cpu_percent", "memory_percent", "disk_percent", "queue_depth")
CHANNELS = ("in_app", "email", "webhook")


def alert_rule_validate(*, kind: str, params: dict[str, Any], channels: list[str], webhook_url: str) -> None:
    """Field-level errors for a rule's kind-specific params and channels."""
    errors: dict[str, list[str]] = {}

    def number(name: str, *, low: float, high: float, required: bool = False) -> None:
        value = params.get(name)
        if value is None:
            if required:
                errors.setdefault("params", []).append(f"{name} is required for {kind}.")
            return
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            errors.setdefault("params", []).append(f"{name} must be a number between {low} and {high}.")

    if not isinstance(params, dict):
        raise ValidationError({"params": ["Expected an object."]})
    if kind == AlertRule.Kind.DURATION_ABOVE_BASELINE:
        if params.get("method", "p95") not in ("p95", "zscore"):
            errors["params"] = ["method is p95 or zscore."]
        number("runs", low=3, high=1000)
        number("z", low=0.5, high=20)
        number("factor", low=1, high=100)
    elif kind == AlertRule.Kind.ROWS_OUT_OF_RANGE:
        number("runs", low=3, high=1000)
        number("z", low=0.5, high=20)
    elif kind == AlertRule.Kind.METRIC_ABOVE_THRESHOLD:
        if params.get("metric") not in METRICS:
            errors["params"] = [f"metric is one of {', '.join(METRICS)}."]
        number("threshold", low=0, high=1e12, required=True)
        number("for_seconds", low=0, high=86400)
    bad = [c for c in channels if c not in CHANNELS]
    if bad or not isinstance(channels, list):
        errors["channels"] = [f"Channels are {', '.join(CHANNELS)}."]
    if "webhook" in channels and not webhook_url:
        errors["webhook_url"] = ["A webhook channel needs a URL."]
    if errors:
        raise ValidationError(errors)


# --- firing, resolving, delivering -------------------------------------------------------------


def _deliver(alert: Alert, *, resolved: bool) -> dict[str, str]:
    rule = alert.rule
    verb = "resolved" if resolved else "firing"
    title = f"[{verb}] {rule.name}: {alert.subject}"
    results: dict[str, str] = {}
    channels = rule.channels or ["in_app"]
    recipients = list(rule.recipients.all())
    if "in_app" in channels:
        delivered = [
            user
            for user in recipients
            if notification_create(
                user=user,
                title=title,
                body=alert.message,
                level="success" if resolved else "error",
                link=reverse("monitoring:alerts"),
            )
        ]
        declined = len(recipients) - len(delivered)  # turned the in-app channel off in their preferences
        results["in_app"] = f"{len(delivered)} users" + (f" ({declined} turned in-app off)" if declined else "")
    if "email" in channels:
        to = sorted({u.email for u in recipients if u.email} | set(rule.emails or []))
        ok, detail = send_email(to=to, subject=title, body=alert.message)
        results["email"] = f"{'delivered' if ok else 'failed'}: {detail}"
    if "webhook" in channels and rule.webhook_url:
        ok, detail = send_webhook(
            url=rule.webhook_url,
            secret=rule.webhook_secret,
            payload={
                "status": verb,
                "rule": rule.name,
                "kind": rule.kind,
                "subject": alert.subject,
                "value": alert.value,
                "message": alert.message,
                "fired_at": alert.fired_at.isoformat(),
                "resolved_at": alert.resolved_at.isoformat() if alert.resolved_at else None,
                "alert_id": alert.pk,
            },
        )
        results["webhook"] = f"{'delivered' if ok else 'failed'}: {detail}"
    return results


def _alert_data(alert: Alert) -> dict[str, Any]:
    return {
        "alert_id": alert.pk,
        "rule_id": alert.rule_id,
        "rule": alert.rule.name,
        "kind": alert.rule.kind,
        "subject": alert.subject,
        "value": alert.value,
        "message": alert.message,
    }


def alert_fire(*, rule: AlertRule, subject: str, message: str, value: float | None = None) -> Alert | None:
    """Open an alert unless one is already open for this rule and subject (then None)."""
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                rule=rule, subject=subject, message=message, value=value, fired_at=timezone.now()
            )
    except IntegrityError:
        return None  # already firing: de-duplicated
    alert.deliveries = _deliver(alert, resolved=False)
    alert.save(update_fields=["deliveries"])
    publish("dashboard", "alert.fired", _alert_data(alert))
    return alert


def alert_resolve(*, rule: AlertRule, subject: str, message: str = "") -> Alert | None:
    alert = Alert.objects.filter(rule=rule, subject=subject, status=Alert.Status.FIRING).first()
    if alert is None:
        return None
    updated = Alert.objects.filter(pk=alert.pk, status=Alert.Status.FIRING).update(
        status=Alert.Status.RESOLVED, resolved_at=timezone.now()
    )
    if not updated:
        return None
    alert.refresh_from_db()
    if message:
        alert.message = f"{alert.message}\nResolved: {message}"
        alert.save(update_fields=["message"])
    _deliver(alert, resolved=True)
    publish("dashboard", "alert.resolved", _alert_data(alert))
    return alert


def alert_resolve_by(*, alert: Alert, user) -> Alert:
    """An admin closes an open alert by hand (the page's Resolve button, POST /api/alerts/{id}/resolve/)."""
    if alert.status != Alert.Status.FIRING:
        raise ValidationError({"status": ["The alert is already resolved."]})
    resolved = alert_resolve(rule=alert.rule, subject=alert.subject, message=f"resolved by {user.get_username()}")
    if resolved is None:
        raise ValidationError({"status": ["The alert was resolved in the meantime."]})
    return resolved


def alert_acknowledge(*, alert: Alert, user) -> Alert:
    """Mark an open alert as taken in hand by ``user`` (once: a second acknowledgement is refused, so
    nobody silently takes over someone else's)."""
    if alert.status != Alert.Status.FIRING:
        raise ValidationError({"status": ["Only an open (firing) alert can be acknowledged."]})
    updated = Alert.objects.filter(pk=alert.pk, status=Alert.Status.FIRING, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=user
    )
    alert.refresh_from_db()
    if not updated:
        if alert.status != Alert.Status.FIRING:
            raise ValidationError({"status": ["The alert was resolved in the meantime."]})
        who = alert.acknowledged_by.get_username() if alert.acknowledged_by else "someone"
        raise ValidationError({"status": [f"Already acknowledged by {who}."]})
    publish("dashboard", "alert.acknowledged", {**_alert_data(alert), "acknowledged_by": user.get_username()})
    return alert


# --- evaluation ---------------------------------------------------------------------------------


def _baseline(values: list[float], *, method: str, z: float, factor: float) -> tuple[float, str]:
    if method == "zscore":
        mean = statistics.fmean(values)
        spread = statistics.pstdev(values)
        return mean + z * spread, f"mean {mean:.1f} + {z}σ ({spread:.1f})"
    ordered = sorted(values)
    rank = 0.95 * (len(ordered) - 1)
    low = int(rank)
    p95 = ordered[low] + (ordered[min(low + 1, len(ordered) - 1)] - ordered[low]) * (rank - low)
    return p95 * factor, f"p95 {p95:.1f}" + (f" × {factor}" if factor != 1 else "")


def alerts_evaluate_execution(execution_id: int) -> list[Alert]:
    """Rules about runs, evaluated when an execution finishes."""
    execution = Execution.objects.select_related("pipeline").filter(pk=execution_id).first()
    if execution is None or not execution.is_finished:
        return []
    fired = []
    rules = AlertRule.objects.filter(
        enabled=True,
        kind__in=[
            AlertRule.Kind.EXECUTION_FAILED,
            AlertRule.Kind.DURATION_ABOVE_BASELINE,
            AlertRule.Kind.ROWS_OUT_OF_RANGE,
        ],
    ).filter(Q(pipeline__isnull=True) | Q(pipeline_id=execution.pipeline_id))
    subject = f"pipeline:{execution.pipeline.slug}"
    for rule in rules:
        if rule.kind == AlertRule.Kind.EXECUTION_FAILED:
            if execution.status == Execution.Status.FAILED:
                fired.append(
                    alert_fire(
                        rule=rule,
                        subject=subject,
                        message=f"Run #{execution.pk} of {execution.pipeline.name} failed: "
                        f"{error_summary(execution, execution.error, limit=500)}",  # no connection details
                    )
                )
            elif execution.status == Execution.Status.SUCCEEDED:
                alert_resolve(rule=rule, subject=subject, message=f"run #{execution.pk} succeeded")
            continue
        if execution.status != Execution.Status.SUCCEEDED:
            continue
        runs = int(rule.params.get("runs", 20))
        history = list(
            Execution.objects.filter(pipeline_id=execution.pipeline_id, status=Execution.Status.SUCCEEDED)
            .exclude(pk=execution.pk)
            .order_by("-finished_at")[:runs]
        )
        if len(history) < 3:
            continue  # no baseline yet
        z = float(rule.params.get("z", 3.0))
        if rule.kind == AlertRule.Kind.DURATION_ABOVE_BASELINE:
            values = [e.duration_seconds for e in history if e.duration_seconds is not None]
            limit, how = _baseline(
                values, method=rule.params.get("method", "p95"), z=z, factor=float(rule.params.get("factor", 1.0))
            )
            value = execution.duration_seconds or 0.0
            if value > limit:
                fired.append(
                    alert_fire(
                        rule=rule,
                        subject=subject,
                        value=value,
                        message=f"Run #{execution.pk} took {value:.1f}s, above {how} of the last "
                        f"{len(values)} runs ({limit:.1f}s).",
                    )
                )
            else:
                alert_resolve(rule=rule, subject=subject, message=f"run #{execution.pk} took {value:.1f}s")
        else:
            values = [float(e.rows_out) for e in history]
            mean, spread = statistics.fmean(values), statistics.pstdev(values)
            value = float(execution.rows_out)
            if abs(value - mean) > z * spread and value != mean:
                fired.append(
                    alert_fire(
                        rule=rule,
                        subject=subject,
                        value=value,
                        message=f"Run #{execution.pk} wrote {value:.0f} rows; the last {len(values)} "
                        f"runs wrote {mean:.0f} ± {z}×{spread:.0f}.",
                    )
                )
            else:
                alert_resolve(rule=rule, subject=subject, message=f"run #{execution.pk} wrote {value:.0f} rows")
    return [a for a in fired if a is not None]


def alerts_evaluate_metrics() -> list[Alert]:
    """Rules about hosts and workers, evaluated on every metrics tick."""
    fired = []
    now = timezone.now()
    for rule in AlertRule.objects.filter(
        enabled=True, kind__in=[AlertRule.Kind.METRIC_ABOVE_THRESHOLD, AlertRule.Kind.WORKER_OFFLINE]
    ):
        if rule.kind == AlertRule.Kind.WORKER_OFFLINE:
            for worker in Worker.objects.all():
                subject = f"worker:{worker.name}"
                if worker.status == Worker.Status.OFFLINE:
                    fired.append(
                        alert_fire(
                            rule=rule,
                            subject=subject,
                            message=f"Worker {worker.name} is offline since {worker.last_seen:%c}.",
                        )
                    )
                else:
                    alert_resolve(rule=rule, subject=subject, message="back online")
            continue
        metric, threshold = rule.params["metric"], float(rule.params["threshold"])
        window = float(rule.params.get("for_seconds", 0))
        if metric == "queue_depth":
            depth = StepRun.objects.filter(status=StepRun.Status.QUEUED).count()
            readings = {"queue": [depth]}
        else:
            since = now - timedelta(seconds=max(window, 1))
            readings: dict[str, list[float]] = {}
            for host, value in MetricSample.objects.filter(ts__gte=since).values_list("host", metric):
                readings.setdefault(host, []).append(value)
        for host, values in readings.items():
            subject = f"host:{host}" if metric != "queue_depth" else "queue"
            if values and min(values) > threshold:
                fired.append(
                    alert_fire(
                        rule=rule,
                        subject=subject,
                        value=values[-1],
                        message=f"{metric} on {host} is above {threshold:g} ({values[-1]:.1f}) for {window:.0f}s.",
                    )
                )
            else:
                alert_resolve(rule=rule, subject=subject, message=f"{metric} back under {threshold:g}")
    return [a for a in fired if a is not None]


# --- rules ----------------------------------------------------------------------------------------

RULE_FIELDS = ("name", "kind", "pipeline", "params", "channels", "emails", "webhook_url", "webhook_secret", "enabled")


def alert_rule_save(*, rule: AlertRule | None = None, recipients=None, **fields: Any) -> AlertRule:
    """Create (``rule`` None) or update a rule after checking its kind-specific params."""
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"alert_rule_save() got unexpected fields {sorted(unknown)}")
    rule = rule or AlertRule()
    for name, value in fields.items():
        setattr(rule, name, value)
    alert_rule_validate(kind=rule.kind, params=rule.params, channels=rule.channels, webhook_url=rule.webhook_url)
    rule.full_clean()
    with transaction.atomic():
        rule.save()
        if recipients is not None:
            rule.recipients.set(recipients)
    return rule


def alert_rule_delete(*, rule: AlertRule) -> None:
    """Delete a rule with its alert history (the API's DELETE and the alerts page)."""
    with transaction.atomic():
        rule.delete()
