"""Health probes, and the server-rendered monitoring pages (docs/ui.md): dashboard, stage metrics,
system, alerts; and the execution page's timeline and resource charts (htmx partials)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.htmx import is_htmx
from executions.selectors import executions_for_list
from monitoring import charts
from monitoring.exports import FORMATS
from monitoring.forms import AlertRuleForm, StagesFilterForm, SystemFilterForm
from monitoring.health import readiness
from monitoring.models import Alert, AlertRule
from monitoring.selectors.alerts import alert_rules_with_open_alerts, alerts_visible_to
from monitoring.selectors.dashboard import (
    dashboard_counters,
    known_hosts,
    metric_sparklines,
    recent_failures,
    system_series,
    workers_roster,
)
from monitoring.selectors.overview import executions_active_overview
from monitoring.selectors.pipelines import pipeline_dependency_graph
from monitoring.selectors.stage_grid import stage_duration_grid
from monitoring.selectors.stages import stage_metrics
from monitoring.selectors.timeline import execution_timeline
from monitoring.selectors.windows import parse_bucket
from monitoring.services.alerts import alert_acknowledge, alert_resolve_by, alert_rule_save
from monitoring.services.alerts import alert_rule_delete as alert_rule_delete_service
from monitoring.views_setup import checklist_context
from notifications.live_since import live_page
from pipelines import roles
from pipelines.selectors import pipelines_visible_to


@never_cache
@require_GET
def healthz(request):
    """The process is up and answering (no dependency is touched)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Database, channel layer and broker reachable; 503 with the details otherwise."""
    ok, checks = readiness()
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503)


# --- server-rendered pages (docs/ui.md): dashboard, stage metrics, system, alerts ------------------

DASHBOARD_ACTIVE = 10
DASHBOARD_FAILURES = 8
MAX_PIPELINE_CHOICES = 500
ALERT_HISTORY = 50


def _dashboard_context(request, part: str | None = None) -> dict:
    """What each dashboard part shows; ``part`` limits the queries to one part (htmx refresh)."""
    ctx: dict = {}
    if part in (None, "counters"):
        ctx["counters"] = dashboard_counters(user=request.user)
    if part in (None, "active"):
        ctx["active"] = executions_active_overview(user=request.user, limit=DASHBOARD_ACTIVE)
    if part in (None, "failures"):
        ctx["failures"] = recent_failures(user=request.user, limit=DASHBOARD_FAILURES)
    if part in (None, "system"):
        spark = metric_sparklines()
        ctx["spark"] = spark
        ctx["cpu_option"] = charts.sparkline([v for _, v in spark["cpu_percent"]], name="CPU %", colour="#0d6efd")
        ctx["memory_option"] = charts.sparkline(
            [v for _, v in spark["memory_percent"]], name="Memory %", colour="#6f42c1"
        )
        ctx["roster"] = workers_roster()
    return ctx


DASHBOARD_PARTS = {
    "counters": "monitoring/_dashboard_counters.html",
    "active": "monitoring/_dashboard_active.html",
    "failures": "monitoring/_dashboard_failures.html",
    "system": "monitoring/_dashboard_system.html",
}


@login_required
@live_page
def dashboard(request):
    ctx = _dashboard_context(request)
    # First run: an editor who sees no pipeline gets "Build your first pipeline"; an admin the setup checklist.
    ctx["first_run"] = not pipelines_visible_to(user=request.user).exists()
    ctx["can_build_first"] = roles.has_role(request.user, roles.EDITOR)
    if roles.sees_everything(request.user):
        setup = checklist_context(request.user)
        if not setup["checklist_state"].checklist_dismissed:
            ctx.update(setup, next="dashboard")
    return render(request, "dashboard.html", ctx)


@login_required
def dashboard_part(request, part: str):
    """One dashboard part, re-rendered by htmx on live events (throttled) or on ``sluice:refresh``."""
    if part not in DASHBOARD_PARTS:
        raise Http404("No such dashboard part.")
    return render(request, DASHBOARD_PARTS[part], _dashboard_context(request, part))


# --- stage metrics -----------------------------------------------------------------------------------


def _pipeline_choices(user):
    return list(pipelines_visible_to(user=user).only("id", "name").order_by("name")[:MAX_PIPELINE_CHOICES])


@login_required
@live_page
def stages(request):
    pipelines = _pipeline_choices(request.user)
    form = StagesFilterForm(request.GET or None, pipelines=pipelines)
    ctx: dict = {"form": form, "pipelines": pipelines}
    if request.GET and not form.is_valid():
        return render(request, "monitoring/stages.html", ctx)
    data = form.cleaned_data if request.GET else {}
    window = data.get("window_parsed") or form.default_window()
    pipeline_id = data.get("pipeline") or (pipelines[0].pk if pipelines else None)
    ctx.update(window=window, pipeline_id=pipeline_id)
    ctx.update(export_formats=FORMATS, export_window=data.get("window") or form.default)
    if pipeline_id is None:
        return render(request, "monitoring/stages.html", ctx)
    pipeline = get_object_or_404(
        pipelines_visible_to(user=request.user).select_related("current_version"), pk=pipeline_id
    )
    bucket_label, bucket_size = parse_bucket(None, window=window)
    rows = stage_metrics(user=request.user, window=window, pipeline_id=pipeline.pk)
    grid = stage_duration_grid(user=request.user, pipeline_id=pipeline.pk, window=window, bucket_seconds=bucket_size)
    graph = pipeline_dependency_graph(user=request.user, pipeline=pipeline, window=window)
    lines = {
        key: [
            (start, cell["p50_ms"] if cell["p50_ms"] is not None else cell["avg_ms"])
            for start, cell in zip(grid["buckets"], cells, strict=True)
        ]
        for key, cells in sorted(grid["nodes"].items())
    }
    ctx.update(
        pipeline=pipeline,
        rows=rows,
        bucket=bucket_label,
        has_runs=any(r["runs"] or r["skipped"] or r["cancelled"] for r in rows),
        duration_option=charts.time_lines(lines, unit="ms"),
        rows_option=charts.node_bars(rows, {"rows_in": "rows in", "rows_out": "rows out"}, unit="rows"),
        throughput_option=charts.node_bars(rows, {"throughput_rows_per_s": "rows per second"}, unit="rows/s"),
        heatmap_option=charts.duration_heatmap(grid, bucket_label=bucket_label),
        heatmap_height=max(200, 90 + 28 * len(grid["nodes"])),
        dag=charts.pipeline_dag(graph),
    )
    return render(request, "monitoring/stages.html", ctx)


# --- system ------------------------------------------------------------------------------------------


@login_required
@live_page
def system(request):
    form = SystemFilterForm(request.GET or None)
    ctx: dict = {"form": form, "roster": workers_roster()}
    if request.GET and not form.is_valid():
        ctx["hosts"] = []
        return render(request, "monitoring/system.html", ctx)
    data = form.cleaned_data if request.GET else {}
    window = data.get("window_parsed") or form.default_window()
    hosts = known_hosts(since=window.since)
    form.set_hosts(hosts)
    host = data.get("host") or None
    series = system_series(window=window, host=host)
    per_host = series["hosts"]

    def lines(metric, label_suffix=""):
        return {f"{h['host']}{label_suffix}": [(p["ts"], p[metric]) for p in h["points"]] for h in per_host}

    net = {}
    for h in per_host:
        net[f"{h['host']} sent"] = [(p["ts"], p["net_sent_per_s"]) for p in h["points"]]
        net[f"{h['host']} received"] = [(p["ts"], p["net_recv_per_s"]) for p in h["points"]]
    ctx.update(
        window=window,
        series=series,
        hosts=per_host,
        cpu_option=charts.time_lines(lines("cpu_percent"), unit="%", max_value=100),
        memory_option=charts.time_lines(lines("memory_percent"), unit="%", max_value=100),
        disk_option=charts.time_lines(lines("disk_percent"), unit="%", max_value=100),
        network_option=charts.time_lines(net, unit="bytes/s"),
    )
    return render(request, "monitoring/system.html", ctx)


# --- the execution page's parts (templates/executions/_live.html loads them with htmx) ---------------


def _execution_part(request, pk: int, part: str, title: str, context) -> HttpResponse:
    """The part alone for htmx; a page of its own for the no-JavaScript link. Whoever may see the
    execution may see its parts (another user's is a 404, as the execution page)."""
    execution = get_object_or_404(executions_for_list(user=request.user), pk=pk)
    timeline = execution_timeline(execution=execution)
    ctx = {"execution": execution, "timeline": timeline, **context(timeline)}
    template = f"monitoring/_execution_{part}.html"
    if is_htmx(request):
        return render(request, template, ctx)
    return render(request, "monitoring/execution_part.html", {**ctx, "part_template": template, "part_title": title})


@login_required
@require_GET
def execution_timeline_part(request, pk: int):
    """The Gantt chart of a run: when each step waited and ran."""

    def context(timeline):
        return {
            "gantt_option": charts.gantt(timeline),
            "gantt_height": min(640, max(160, 60 + 28 * len(timeline["steps"]))),
        }

    return _execution_part(request, pk, "timeline", "Timeline", context)


@login_required
@require_GET
def execution_resources_part(request, pk: int):
    """CPU seconds and peak memory per step, and the hosts' CPU and memory while the run went."""

    def context(timeline):
        steps = timeline["steps"]
        return {
            "resources_option": charts.step_resources(steps),
            "has_step_resources": any(s["cpu_seconds"] is not None or s["peak_rss_bytes"] is not None for s in steps),
            "hosts_option": charts.host_lines(timeline["resources"]["hosts"]),
        }

    return _execution_part(request, pk, "resources", "Resources", context)


# --- alerts ------------------------------------------------------------------------------------------


def _is_admin(user) -> bool:
    """Alert rules are managed by admins (monitoring.api.alerts.IsAdminRole)."""
    return roles.has_role(user, roles.ADMIN)


@login_required
@live_page
def alerts(request):
    admin = _is_admin(request.user)
    visible = alerts_visible_to(user=request.user)
    status = request.GET.get("status") if request.GET.get("status") in Alert.Status.values else None
    history = visible.filter(status=status) if status else visible
    ctx = {
        "is_admin": admin,
        "firing": list(visible.filter(status=Alert.Status.FIRING).order_by("-fired_at", "-id")[:ALERT_HISTORY]),
        "history": list(history.order_by("-fired_at", "-id")[:ALERT_HISTORY]),
        "status_filter": status,
        "kinds": AlertRule.Kind.choices,
    }
    if admin:
        ctx["rules"] = list(alert_rules_with_open_alerts())
    return render(request, "monitoring/alerts.html", ctx)


def _require_admin(request):
    if not _is_admin(request.user):
        raise PermissionDenied("Alert rules are managed by admins.")


def _save_rule(request, form: AlertRuleForm, rule: AlertRule | None):
    """Validate the form, then save through alert_rule_save; its errors are shown on the form."""
    if not form.is_valid():
        return None
    fields, recipients = form.rule_fields()
    try:
        return alert_rule_save(rule=rule, recipients=recipients, **fields)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None


@login_required
def alert_rule_create(request):
    _require_admin(request)
    kind = request.POST.get("kind") or request.GET.get("kind") or AlertRule.Kind.EXECUTION_FAILED
    if kind not in AlertRule.Kind.values:
        kind = AlertRule.Kind.EXECUTION_FAILED
    form = AlertRuleForm(request.POST or None, kind=kind, user=request.user)
    if request.method == "POST":
        rule = _save_rule(request, form, None)
        if rule is not None:
            messages.success(request, f"Alert rule “{rule.name}” created.")
            return redirect("monitoring:alerts")
    return render(
        request, "monitoring/alert_rule_form.html", {"form": form, "kind": kind, "kinds": AlertRule.Kind.choices}
    )


@login_required
def alert_rule_edit(request, pk: int):
    _require_admin(request)
    rule = get_object_or_404(AlertRule.objects.prefetch_related("recipients"), pk=pk)
    form = AlertRuleForm(request.POST or None, kind=rule.kind, user=request.user, rule=rule)
    if request.method == "POST":
        saved = _save_rule(request, form, rule)
        if saved is not None:
            messages.success(request, f"Alert rule “{saved.name}” saved.")
            return redirect("monitoring:alerts")
        rule.refresh_from_db()  # the service set attributes before refusing them
    return render(
        request,
        "monitoring/alert_rule_form.html",
        {"form": form, "kind": rule.kind, "rule": rule, "kinds": AlertRule.Kind.choices},
    )


@login_required
@require_POST
def alert_rule_toggle(request, pk: int):
    _require_admin(request)
    rule = get_object_or_404(AlertRule, pk=pk)
    try:
        alert_rule_save(rule=rule, enabled=not rule.enabled)
    except ValidationError as exc:
        messages.error(request, f"Could not change “{rule.name}”: {' '.join(exc.messages)}")
    else:
        messages.success(request, f"Alert rule “{rule.name}” {'enabled' if rule.enabled else 'disabled'}.")
    return redirect("monitoring:alerts")


@login_required
@require_POST
def alert_rule_delete(request, pk: int):
    _require_admin(request)
    rule = get_object_or_404(AlertRule, pk=pk)
    name = rule.name
    alert_rule_delete_service(rule=rule)
    messages.success(request, f"Alert rule “{name}” deleted with its alert history.")
    return redirect("monitoring:alerts")


@login_required
@require_POST
def alert_resolve_view(request, pk: int):
    _require_admin(request)
    alert = get_object_or_404(Alert.objects.select_related("rule"), pk=pk)
    return _alert_action(request, alert, alert_resolve_by, "resolved")


@login_required
@require_POST
def alert_acknowledge_view(request, pk: int):
    """Admins and the recipients of the alert's rule (the people it was sent to)."""
    alert = get_object_or_404(alerts_visible_to(user=request.user), pk=pk)
    return _alert_action(request, alert, alert_acknowledge, "acknowledged")


def _alert_action(request, alert: Alert, service, done: str):
    """Run ``service(alert=, user=)``; its refusal (a ValidationError) is shown as a message."""
    try:
        service(alert=alert, user=request.user)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Alert “{alert.rule.name}: {alert.subject}” {done}.")
    return redirect("monitoring:alerts")
