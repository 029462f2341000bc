"""Connections: list, create (a form per kind, secrets write-only), detail, edit, delete, test, browse."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import apply_service_errors
from core.htmx import is_htmx
from pipelines.connectors import connection_config_schema
from pipelines.forms import CONFIG_PREFIX, ConnectionForm, IntrospectForm
from pipelines.models import Connection
from pipelines.selectors import connections_visible_to
from pipelines.services import connection_create, connection_delete, connection_update
from pipelines.services.connections import (
    connection_can_change,
    connection_change_refusal,
    connection_introspect,
    connection_test,
)
from pipelines.views.common import can_edit, require_editor


def _connection(request, pk: int) -> Connection:
    return get_object_or_404(connections_visible_to(user=request.user), pk=pk)


def _require_change(request, connection: Connection) -> None:
    """Only its owner or an admin edits or deletes a connection (those it is shared with use it): 403."""
    refusal = connection_change_refusal(connection=connection, user=request.user)
    if refusal is not None:
        raise PermissionDenied(refusal)


def _kinds() -> list[dict]:
    return [{"kind": kind, "label": label} for kind, label in Connection.Kind.choices]


def _put_refusal(form: ConnectionForm, exc: PermissionDenied) -> None:
    """A refusal of the service (lifting the SSRF guard needs an admin) shown inline, on its field."""
    field = f"{CONFIG_PREFIX}allow_private_network"
    form.add_error(field if field in form.fields else None, str(exc))
    form.mark_invalid()


def _put_errors(form: ConnectionForm, exc: ValidationError) -> None:
    """Config messages 'host: must be …' (or 'config.base_url: …') go to the config field they name."""
    rest: dict[str, list[str]] = {}
    for key, messages_ in exc.message_dict.items():
        for message in messages_:
            placed = False
            if key == "config":
                for part in message.split("; "):
                    loc, sep, text = part.partition(": ")
                    name = loc.removeprefix("config.").split(".")[0]
                    if sep and f"{CONFIG_PREFIX}{name}" in form.fields:
                        form.add_error(f"{CONFIG_PREFIX}{name}", text)
                    else:
                        rest.setdefault(key, []).append(part)
                placed = True
            if not placed:
                rest.setdefault(key, []).append(message)
    if rest:
        apply_service_errors(form, ValidationError(rest))
    form.mark_invalid()


@login_required
@require_GET
def connection_list(request):
    connections = connections_visible_to(user=request.user).order_by("name", "id")
    return render(
        request,
        "pipelines/connections.html",
        {"connections": connections, "kinds": _kinds(), "can_edit": can_edit(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def connection_create_view(request):
    require_editor(request.user)
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    if kind not in Connection.Kind.values:
        return render(request, "pipelines/connection_kind.html", {"kinds": _kinds()})
    form = ConnectionForm(request.POST or None, kind=kind, kind_schema=connection_config_schema(kind))
    if request.method == "POST" and form.is_valid():
        try:
            connection = connection_create(
                user=request.user,
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"] or "",
                description=form.cleaned_data["description"],
                kind=kind,
                config=form.config(),
                secrets=form.secrets(),
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        except PermissionDenied as exc:
            _put_refusal(form, exc)
        else:
            messages.success(request, f"Connection “{connection.name}” created.")
            return redirect("pipelines:connection_detail", pk=connection.pk)
    status = 400 if request.method == "POST" else 200
    label = Connection.Kind(kind).label
    return render(
        request, "pipelines/connection_form.html", {"form": form, "kind": kind, "kind_label": label}, status=status
    )


@login_required
@require_GET
def connection_detail(request, pk: int):
    connection = _connection(request, pk)
    return render(
        request,
        "pipelines/connection_detail.html",
        {
            "connection": connection,
            "config_items": sorted((connection.config or {}).items()),
            "can_edit": can_edit(request.user),
            "can_change": connection_can_change(connection=connection, user=request.user),
            "introspect_form": IntrospectForm(),
            "browsable": connection.kind not in (Connection.Kind.HTTP, Connection.Kind.GIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def connection_edit(request, pk: int):
    connection = _connection(request, pk)
    require_editor(request.user)
    _require_change(request, connection)
    schema = connection_config_schema(connection.kind)
    form = ConnectionForm(request.POST or None, kind=connection.kind, kind_schema=schema, connection=connection)
    if request.method == "POST" and form.is_valid():
        try:
            connection = connection_update(
                connection=connection,
                user=request.user,
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"] or connection.slug,
                description=form.cleaned_data["description"],
                config=form.config(),
                secrets=form.secrets(),
            )
        except ValidationError as exc:
            connection.refresh_from_db()
            _put_errors(form, exc)
        except PermissionDenied as exc:
            connection.refresh_from_db()
            _put_refusal(form, exc)
        else:
            messages.success(request, f"Connection “{connection.name}” saved.")
            return redirect("pipelines:connection_detail", pk=connection.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "pipelines/connection_form.html",
        {"form": form, "kind": connection.kind, "kind_label": connection.get_kind_display(), "connection": connection},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def connection_delete_view(request, pk: int):
    connection = _connection(request, pk)
    require_editor(request.user)
    _require_change(request, connection)
    error = ""
    if request.method == "POST":
        try:
            connection_delete(connection=connection, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Connection “{connection.name}” deleted.")
            return redirect("pipelines:connections")
    return render(
        request,
        "pipelines/connection_delete.html",
        {"connection": connection, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def connection_test_view(request, pk: int):
    """Try to connect (bounded in time); the result shows inline (htmx) or on the connection page."""
    connection = _connection(request, pk)
    require_editor(request.user)
    result = connection_test(connection=connection)
    if is_htmx(request):
        return render(request, "pipelines/_connection_test.html", {"result": result})
    (messages.success if result["ok"] else messages.error)(
        request, f"Test: {result['message']} ({result['latency_ms']} ms)"
    )
    return redirect("pipelines:connection_detail", pk=connection.pk)


@login_required
@require_GET
def connection_browse(request, pk: int):
    """Schemas, tables and columns (introspection): a fragment for htmx, else a page."""
    connection = _connection(request, pk)
    require_editor(request.user)
    if connection.kind in (Connection.Kind.HTTP, Connection.Kind.GIT):
        raise Http404(f"{connection.get_kind_display()} connections have no tables.")
    form = IntrospectForm(request.GET or None)
    result, error = None, ""
    if not form.is_bound or form.is_valid():
        schema = form.cleaned_data.get("schema") if form.is_bound else None
        try:
            result = connection_introspect(connection=connection, schema=schema or None)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {"connection": connection, "result": result, "error": error, "introspect_form": form}
    template = "pipelines/_connection_tables.html" if is_htmx(request) else "pipelines/connection_tables.html"
    return render(request, template, context)
