"""The authorization matrix (issue 14): every route of the URLconf and every operation of the OpenAPI
document × anonymous / viewer / editor (not the owner) / operator (not the owner) / owner / admin, with the
expected answer from tests/security/matrix.py. A route or an operation without an entry fails, and so does
an entry whose route is gone. WebSocket topics: test_authorization_ws.py."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.security import matrix
from tests.security.authz_world import (  # noqa: F401  (the fixtures of the matrix's world)
    isolated_dirs_fixture,
    no_throttles_fixture,
    owner_files_fixture,
    world_fixture,
)
from tests.security.matrix import Entry

pytestmark = pytest.mark.django_db

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


# --- the routes: URLconf and OpenAPI ------------------------------------------------------------------------


def canonical(path: str) -> str:
    """A path with every parameter as {} ("/api/pipelines/{}/"): URLconf and OpenAPI spell them apart."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def _route_text(prefix: str, pattern) -> str:
    text = prefix + str(pattern)
    text = text.replace("^", "").replace("$", "")
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)
    text = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)
    return "/" + text


def urlconf_routes() -> list[tuple[str, object]]:
    """(path with {params}, callback) of every route outside the Django admin. The format-suffix variants
    DRF's router adds (``alerts.json``) serve the same view as their base route and share its entry."""
    found: list[tuple[str, object]] = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                walk(item, prefix + str(item.pattern).replace("^", ""))
            elif isinstance(item, URLPattern):
                if "(?P<format>" in str(item.pattern):
                    continue
                found.append((_route_text(prefix, item.pattern), item.callback))

    walk(get_resolver(), "")
    return [(path, callback) for path, callback in found if not path.startswith("/admin/")]


def drf_methods(callback) -> set[str] | None:
    """The HTTP methods a DRF view answers (None for a plain Django view: the matrix lists its methods)."""
    actions = getattr(callback, "actions", None)
    if actions:
        # DRF adds "head" to a viewset's shared actions dict on its first GET: order-independent without it.
        return {method.upper() for method in actions if method not in ("options", "head")}
    cls = getattr(callback, "cls", None)
    if cls is None:
        return None
    return {m.upper() for m in cls.http_method_names if m not in ("options", "head") and hasattr(cls, m)}


def openapi_operations() -> set[str]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


def _split(key: str) -> tuple[str, str]:
    method, path = key.split(" ", 1)
    return method, path


def test_every_openapi_operation_has_an_entry_and_every_entry_an_operation():
    operations = {f"{m} {canonical(p)}": f"{m} {p}" for m, p in map(_split, openapi_operations())}
    entries = {f"{m} {canonical(p)}": f"{m} {p}" for m, p in map(_split, matrix.API)}
    missing = sorted(operations[k] for k in operations.keys() - entries.keys())
    stale = sorted(entries[k] for k in entries.keys() - operations.keys())
    assert not missing, f"OpenAPI operations without an entry in tests/security/matrix.py API: {missing}"
    assert not stale, f"matrix.API entries for operations that no longer exist: {stale}"


def test_every_route_has_an_entry_and_every_entry_a_route():
    operations = {f"{m} {canonical(p)}" for m, p in map(_split, openapi_operations())}
    pages = {f"{m} {canonical(p)}" for m, p in map(_split, matrix.PAGES)}
    known = operations | pages
    problems = []
    route_paths = set()
    for path, callback in urlconf_routes():
        route_paths.add(canonical(path))
        methods = drf_methods(callback)
        if methods is None:  # a Django view: at least one method of it is in the matrix
            if not any(key.split(" ", 1)[1] == canonical(path) for key in known):
                problems.append(f"route {path} ({callback.__module__}) has no entry in matrix.PAGES")
            continue
        for method in sorted(methods):
            if f"{method} {canonical(path)}" not in known:
                problems.append(f"{method} {path} ({callback.__module__}) has no entry in the matrix")
    for key in matrix.PAGES:
        method, path = _split(key)
        if canonical(path) not in route_paths:
            problems.append(f"matrix.PAGES entry {key!r} names no route of the URLconf")
    assert not problems, "\n".join(problems)


def test_every_websocket_route_is_in_the_matrix():
    """The socket routes of config.routing: /ws/events/ is the only one, and matrix.EVENTS (sent by
    test_authorization_ws.py) covers its topics; a new socket route needs its own cells."""
    from config.routing import websocket_urlpatterns

    routes = {_route_text("", p.pattern) for p in websocket_urlpatterns}
    assert routes == set(matrix.WEBSOCKET_ROUTES), f"WebSocket routes {sorted(routes)} vs the matrix's"


def test_the_admin_is_one_family_of_staff_only_routes():
    """Every route under /admin/ is served by the admin site, which lets staff only in (Django's own
    AdminSite.admin_view); the family test below opens its pages as each principal."""
    admin_routes = [p for p in get_resolver().url_patterns if str(p.pattern) == "admin/"]
    assert len(admin_routes) == 1
    assert (admin_routes[0].app_name, admin_routes[0].namespace) == ("admin", admin.site.name)
    assert set(matrix.ADMIN_OBJECTS) <= {m._meta.label_lower for m in admin.site._registry}


# --- sending a request as a principal ---------------------------------------------------------------------


def client_for(world, principal: str, *, api: bool):
    client = APIClient() if api else Client()
    if principal != "anonymous":
        user = world.users[principal]
        if api:
            client.force_authenticate(user)
        else:
            client.force_login(user)
    return client


def object_of(world, files, spec: str):
    if spec.startswith("files."):
        return getattr(files, spec.split(".", 1)[1])
    value = getattr(world, spec, None)
    if value is None:
        return spec  # a literal: a version number, a node key, a node type
    return value.pk


def fill(path: str, entry: Entry, world, files, defaults: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        spec = entry.objects.get(name)
        if spec is None:
            prefix = max((p for p in defaults if path.startswith(p)), key=len, default=None)
            assert prefix is not None, f"no object for {{{name}}} in {path}"
            spec = defaults[prefix]
        return str(object_of(world, files, spec))

    return re.sub(r"\{(\w+)\}", value, path)


def send(client, method: str, path: str, entry: Entry, world, files, *, api: bool):
    body = entry.body(world, files) if callable(entry.body) else entry.body
    query = entry.query(world) if callable(entry.query) else entry.query
    headers = {k: v for k, v in entry.headers.items() if k != "Content-Type"}
    if method == "GET":
        return client.get(path, query or {}, headers=headers)
    if entry.raw is not None:
        return client.generic(method, path, entry.raw, content_type=entry.headers["Content-Type"], headers=headers)
    if api and not entry.multipart:
        return client.generic(method, path, _json(body), content_type="application/json", headers=headers)
    if method == "POST":
        return client.post(path, body or {}, headers=headers)
    return client.generic(method, path, headers=headers)


def _json(body) -> str:
    import json

    return json.dumps(body if body is not None else {})


def content(response) -> str:
    """The body as text (a streamed one is read once and kept)."""
    if not hasattr(response, "_matrix_text"):
        raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
        response._matrix_text = raw.decode(errors="replace")
    return response._matrix_text


def form_errors(response) -> str:
    """The errors of the forms a page rendered (why an allowed POST did not go through)."""
    found = []
    for ctx in getattr(response, "context", None) or []:
        for name, value in ctx.flatten().items() if hasattr(ctx, "flatten") else []:
            errors = getattr(value, "errors", None)
            if name.endswith("form") and errors:
                found.append(f"{name}: {dict(errors)}")
    return "; ".join(sorted(set(found)))


def judge(token: str, response, *, key: str, principal: str, api: bool, extra_ok: set[int] = frozenset()) -> None:
    code = response.status_code
    where = f"{key} as {principal}: got {code}"
    detail = f"{where}\n{form_errors(response) or content(response)[:600]}"
    location = response.headers.get("Location", "")
    if token == "ok":
        if api:
            assert 200 <= code < 300 or code in extra_ok, f"{detail}\nexpected it allowed (2xx)"
        else:
            assert 200 <= code < 400, f"{detail}\nexpected it allowed (2xx/3xx)"
            assert not (code in (301, 302) and "/login/" in location and "next=" in location), (
                f"{where}: redirected to sign in ({location}) instead of being allowed"
            )
    elif token == "login":
        assert code == 302 and location.startswith(reverse("login")) and "next=" in location, (
            f"{detail}\nexpected a redirect to the sign-in page, Location: {location!r}"
        )
    elif token == "admin":
        assert code == 302 and location.startswith(reverse("admin:login")), (
            f"{detail}\nexpected a redirect to the admin's sign-in page, Location: {location!r}"
        )
    else:
        assert code == int(token), f"{detail}\nexpected {token}"


def check_leaks(entry: Entry, response, world, principal: str, key: str) -> None:
    if not (200 <= response.status_code < 300) or not entry.leaks:
        return
    body = content(response)
    for mark, seers in entry.leaks:
        text = world.marks[mark]
        if principal in seers.split():
            assert text in body, f"{key} as {principal}: {mark} ({text!r}) should be listed and is not"
        else:
            assert text not in body, f"{key} as {principal}: leaks {mark} ({text!r}) of the owner"


def cells(table: dict[str, Entry]):
    for key, entry in table.items():
        for principal, token in entry.tokens().items():
            marks = []
            if principal in entry.pending:
                marks.append(pytest.mark.xfail(strict=True, reason=f"waits for {entry.pending[principal]}"))
            yield pytest.param(key, principal, token, id=f"{key} | {principal}", marks=marks)


# --- the cells ----------------------------------------------------------------------------------------------


def _row(world, spec: str | None):
    obj = getattr(world, spec, None) if spec else None
    if obj is None or not hasattr(obj, "pk"):
        return None
    model = type(obj)
    return model, obj.pk, model.objects.filter(pk=obj.pk).values().first()


def _object_state(world, key: str, entry: Entry):
    """The row a mutation names by {id} (its model and a snapshot), to prove a denied one changed nothing."""
    method, path = _split(key)
    if "{id}" not in path or method not in MUTATING:
        return None
    spec = entry.objects.get("id") or max(
        (v for p, v in matrix.DEFAULT_OBJECTS.items() if path.startswith(p)), key=len, default=None
    )
    return _row(world, spec)


def files_for(request, key: str):
    """The owner's files, made only for the cells that use them (an upload costs a file inspection)."""
    return request.getfixturevalue("owner_files") if "files" in key else None


@pytest.mark.parametrize("key,principal,token", list(cells(matrix.API)))
def test_api(request, world, key, principal, token):
    owner_files = files_for(request, key)
    entry = matrix.API[key]
    method, template = _split(key)
    path = fill(template, entry, world, owner_files, matrix.DEFAULT_OBJECTS)
    before = _object_state(world, key, entry)
    response = send(client_for(world, principal, api=True), method, path, entry, world, owner_files, api=True)
    judge(token, response, key=key, principal=principal, api=True, extra_ok=matrix.ALLOWED_FAILURES.get(key, set()))
    check_leaks(entry, response, world, principal, key)
    if before is not None and token != "ok":
        model, pk, row = before
        assert model.objects.filter(pk=pk).values().first() == row, f"{key} as {principal} was refused but wrote"
    if key == "POST /api/notifications/mark-read/":
        world.notification.refresh_from_db()
        assert (world.notification.read_at is not None) == (principal == "owner"), (
            f"{principal} marked the owner's notification read"
        )


@pytest.mark.parametrize("key", [*matrix.API, *matrix.PAGES])
def test_the_admin_role_without_staff_is_an_admin(request, world, key):
    """A member of the ``admin`` group who is not staff gets what the admin column says (the role, not
    the staff flag, is what the API and the pages check)."""
    owner_files = files_for(request, key)
    api = key in matrix.API
    entry = matrix.API[key] if api else matrix.PAGES[key]
    method, template = _split(key)
    path = fill(template, entry, world, owner_files, matrix.DEFAULT_OBJECTS if api else matrix.PAGE_OBJECTS)
    response = send(client_for(world, "role_admin", api=api), method, path, entry, world, owner_files, api=api)
    extra = matrix.ALLOWED_FAILURES.get(key, set())
    judge(entry.tokens()["admin"], response, key=key, principal="role_admin", api=api, extra_ok=extra)


@pytest.mark.parametrize("key,principal,token", list(cells(matrix.PAGES)))
def test_page(request, world, key, principal, token):
    owner_files = files_for(request, key)
    entry = matrix.PAGES[key]
    method, template = _split(key)
    path = fill(template, entry, world, owner_files, matrix.PAGE_OBJECTS)
    response = send(client_for(world, principal, api=False), method, path, entry, world, owner_files, api=False)
    judge(token, response, key=key, principal=principal, api=False)
    check_leaks(entry, response, world, principal, key)


@pytest.mark.parametrize("key,principal,token", list(cells(matrix.VARIANTS)))
def test_variant(request, world, key, principal, token):
    """The owner's objects named in a filter, a prefix or a body: answered as the entry says, no leak."""
    owner_files = files_for(request, key)
    entry = matrix.VARIANTS[key]
    method, rest = _split(key)
    path, _, query = rest.split(" ")[0].partition("?")
    path = fill(path, entry, world, owner_files, {})
    params = {}
    for pair in filter(None, query.split("&")) if entry.query is None else ():
        name, _, value = pair.partition("=")
        params[name] = re.sub(r"\{(\w+)\}", lambda m: str(getattr(world, m.group(1)).pk), value)
    if params:
        entry = dataclasses.replace(entry, query=params)
    api = path.startswith("/api/")
    before = _row(world, entry.objects.get("id") or entry.objects.get("pk")) if method in MUTATING else None
    response = send(client_for(world, principal, api=api), method, path, entry, world, owner_files, api=api)
    judge(token, response, key=key, principal=principal, api=api)
    check_leaks(entry, response, world, principal, key)
    if before is not None and token != "ok":
        model, pk, row = before
        assert model.objects.filter(pk=pk).values().first() == row, f"{key} as {principal} was refused but wrote"


@pytest.mark.parametrize("topic,principal,token", list(cells(matrix.EVENTS)))
def test_events_api(world, topic, principal, token):
    """GET /api/events/?topic=… for every kind of topic (the WebSocket side: test_authorization_ws.py)."""
    entry = matrix.EVENTS[topic]
    name = re.sub(r"\{(\w+)\}", lambda m: str(getattr(world, m.group(1)).pk), topic)
    response = client_for(world, principal, api=True).get("/api/events/", {"topic": name})
    judge(token, response, key=f"GET /api/events/?topic={topic}", principal=principal, api=True)
    check_leaks(entry, response, world, principal, f"events of {topic}")


def admin_pages() -> list[str]:
    pages = ["admin:index"]
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label_lower):
        pages.append(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        if model._meta.label_lower in matrix.ADMIN_OBJECTS:
            pages.append(f"admin:{model._meta.app_label}_{model._meta.model_name}_change")
    return pages


@pytest.mark.parametrize(
    "name,principal,token",
    [
        pytest.param(name, principal, token, id=f"{name} | {principal}")
        for name in admin_pages()
        for principal, token in matrix.ADMIN_FAMILY.tokens().items()
    ],
)
def test_admin(world, name, principal, token):
    if name.endswith("_change"):
        label = name.removeprefix("admin:").removesuffix("_change").replace("_", ".", 1)
        path = reverse(name, args=[getattr(world, matrix.ADMIN_OBJECTS[label]).pk])
    else:
        path = reverse(name)
    response = client_for(world, principal, api=False).get(path)
    judge(token, response, key=f"GET {path}", principal=principal, api=False)
    if token == "ok":
        assert response.status_code == 200, f"GET {path} as {principal}: {response.status_code}"
