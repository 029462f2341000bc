"""The authorization matrix: every route of the URLconf and every operation of the OpenAPI document, with
what each principal gets. tests/security/test_authorization_matrix.py checks that every route and operation
has an entry here (and every entry a route), then sends each request as each principal.

Principals, in the order of the six expectations of an entry::

    anonymous  viewer  editor  operator  owner  admin

``owner`` is an editor who owns the objects the path names; ``viewer`` sees the owner's pipeline (shared
with them) and connection (shared with their group) and nothing else of the owner's; ``editor`` and
``operator`` own nothing of the owner's and see none of it; ``admin`` is staff. See docs/api.md,
"Permissions", for the rules these cells spell out.

Expectations:

``ok``       allowed: a 2xx (API), or a 2xx/3xx that is not a redirect to the sign-in page (pages)
``401``      not signed in (API)
``403``      signed in, but the role or the ownership does not allow it (the object is visible)
``404``      the object is not visible to this principal (its existence is not disclosed)
``login``    a page redirects to /login/?next=…
``admin``    the Django admin redirects to its own sign-in page
``skip``     never sent (explained where used)

An allowed request must pass validation too: each entry carries the minimal valid body for it, so an
``ok`` cell proves that the principal got all the way through, and a denied cell must be a 401/403/404
(never a 400 that would mean the permission check came after validation, never a 2xx).

``leaks`` names strings of the world (conftest ``World.marks``) and the principals who may find them in an
allowed answer: everyone else must not (for lists: another user's objects must not be listed), and the
ones named must (so the check can fail).

``pending`` marks cells that fail today only because another slice of issue 14 has not landed yet: they
run as strict xfails naming that slice, so they turn into failures the day the fix lands and the mark is
forgotten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PRINCIPALS = ("anonymous", "viewer", "editor", "operator", "owner", "admin")


@dataclass(frozen=True)
class Entry:
    expect: str  # six tokens, one per principal
    objects: dict[str, str] = field(default_factory=dict)  # path parameter -> World attribute (or a literal)
    body: Callable[[Any, Any], Any] | dict | None = None  # (world, files) -> body
    query: Callable[[Any], dict] | dict | None = None
    multipart: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # a raw body (with headers["Content-Type"])
    leaks: tuple[tuple[str, str], ...] = ()  # (World.marks key, principals who may see it)
    pending: dict[str, str] = field(default_factory=dict)  # principal -> the slice whose fix it waits for
    note: str = ""

    def tokens(self) -> dict[str, str]:
        parts = self.expect.split()
        assert len(parts) == len(PRINCIPALS), f"{self.expect!r}: six expectations, one per principal"
        return dict(zip(PRINCIPALS, parts, strict=True))


OWNER_ADMIN = "owner admin"
SEERS_SHARED = "viewer owner admin"  # who sees the shared pipeline and the shared connection
ALL_SIGNED_IN = "viewer editor operator owner admin"

H3_FILES = "H3 (issue 14: files have owners)"

# Common bodies --------------------------------------------------------------------------------------------


def _graph(world, files):
    from tests.factories import SIMPLE_GRAPH

    return SIMPLE_GRAPH


def _pipeline_body(world, files):
    return {"name": "mx created", "description": "by the matrix"}


def _connection_body(world, files):
    return {
        "name": "mx connection created",
        "kind": "postgresql",
        "config": {"host": "127.0.0.1", "port": 9, "database": "mx", "user": "mx"},
    }


def _template_body(world, files):
    return {"name": "mx template created", "category": "mx", "graph": _graph(world, files), "parameters": {}}


def _rule_body(world, files):
    return {"name": "mx rule created", "kind": "execution_failed", "channels": ["in_app"], "params": {}}


def _test_body(world, files):
    from tests.security.authz_world import MATRIX_TEST

    return {**MATRIX_TEST, "name": "mx-test-created"}


def _import_body(world, files, *, slug: str = "mx-imported") -> dict:
    import yaml

    document = {
        "apiVersion": "sluice.dev/v1",
        "kind": "Pipeline",
        "metadata": {"name": "mx imported", "slug": slug},
        "spec": {"graph": _graph(world, files)},
    }
    return {"documents": yaml.safe_dump(document)}


def _import_page_body(world, files, *, slug: str = "mx-imported") -> dict:
    """What the Import page's preview hands to its apply form: the documents as [[file, text]]."""
    import json

    return {"bundle": json.dumps([["pasted", _import_body(world, files, slug=slug)["documents"]]]), "mode": "draft"}


def _preferences_body(world, files):
    return {
        "theme": "high-contrast",
        "time_zone": "Europe/Paris",
        "density": "compact",
        "landing_page": "pipelines",
        "channels": ["in_app"],
        "quiet_start": "22:00",
        "quiet_end": "07:00",
    }


def _invite_body(world, files):
    import uuid

    return {"email": f"mx-invited-{uuid.uuid4().hex[:10]}@example.com", "role": "viewer"}


def _git_body(world, files):
    return {"name": "mx repository created", "url": "https://git.example.com/mx/created.git", "folder": "pipelines"}


PAGE_GIT = {
    "name": "mx page repository",
    "url": "https://git.example.com/mx/page.git",
    "branch": "main",
    "sync_interval_minutes": "5",
}


def _import_page_body(world, files, *, slug: str = "mx-imported") -> dict:
    """What the Import page's preview hands to its apply form: the documents as [[file, text]]."""
    import json

    return {"bundle": json.dumps([["pasted", _import_body(world, files, slug=slug)["documents"]]]), "mode": "draft"}


def _upload_body(world, files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("mx-upload.csv", b"id,amount\n1,5\n", content_type="text/csv")}


# ----------------------------------------------------------------------------------------------------------
# The API: one entry per operation of the OpenAPI document ("METHOD /path/{param}/").
# Default objects: {id} is the object of the path's collection (conftest.World); see DEFAULT_OBJECTS.
# ----------------------------------------------------------------------------------------------------------

API: dict[str, Entry] = {
    # --- authentication: public by nature; the owner's own credentials ---
    "POST /api/auth/token/": Entry(
        "ok ok ok ok ok ok", body=lambda w, f: {"username": w.owner.username, "password": "pass-word-123"}
    ),
    "POST /api/auth/token/refresh/": Entry("ok ok ok ok ok ok", body=lambda w, f: {"refresh": w.refresh_token}),
    # --- pipelines ---
    "GET /api/pipelines/": Entry("401 ok ok ok ok ok", leaks=(("private", OWNER_ADMIN), ("pipeline", SEERS_SHARED))),
    "POST /api/pipelines/": Entry("401 403 ok ok ok ok", body=_pipeline_body),
    "GET /api/pipelines/{id}/": Entry("401 ok 404 404 ok ok"),
    "PUT /api/pipelines/{id}/": Entry("401 403 404 404 ok ok", body=_pipeline_body),
    "PATCH /api/pipelines/{id}/": Entry("401 403 404 404 ok ok", body={"description": "patched"}),
    "DELETE /api/pipelines/{id}/": Entry("401 403 404 404 ok ok"),
    "GET /api/pipelines/{id}/graph/": Entry("401 ok 404 404 ok ok"),
    "PUT /api/pipelines/{id}/graph/": Entry("401 403 404 404 ok ok", body=_graph),
    "POST /api/pipelines/{id}/validate/": Entry("401 ok 404 404 ok ok", body={}),
    "GET /api/pipelines/{id}/export/": Entry("401 ok 404 404 ok ok"),
    "POST /api/pipelines/import/": Entry("401 403 ok ok ok ok", body=_import_body),
    "GET /api/pipelines/{id}/versions/": Entry("401 ok 404 404 ok ok"),
    "POST /api/pipelines/{id}/versions/": Entry("401 403 404 404 ok ok", body={"message": "mx"}),
    "GET /api/pipelines/{id}/versions/{number}/": Entry("401 ok 404 404 ok ok", objects={"number": "1"}),
    "GET /api/pipelines/{id}/versions/diff/": Entry("401 ok 404 404 ok ok", query={"from": 1, "to": 1}),
    # --- generated CI workflows: reads (nothing is stored); the pipelines named must be visible ---
    "POST /api/pipelines/{id}/ci/github-actions/": Entry("401 ok 404 404 ok ok", body={"deploy": True}),
    "POST /api/ci/github-actions/": Entry(
        "401 ok 400 400 ok ok",
        body=lambda w, f: {"deploy": True, "pipelines": [w.pipeline.slug]},
        note="The pipelines to run are references in the body: one not visible is a 400 on pipelines that reads "
        "as for one that does not exist.",
    ),
    "POST /api/templates/generate/": Entry(
        "401 ok 400 400 ok ok",
        body=lambda w, f: {"deploy": True, "pipelines": [w.pipeline.slug]},
        note="The seed's name for POST /api/ci/github-actions/.",
    ),
    "GET /api/client/python/": Entry("401 ok ok ok ok ok", note="The client's source archive, for CI jobs."),
    "POST /api/validate/": Entry("401 ok ok ok ok ok", body=lambda w, f: {"graph": _graph(w, f)}),
    # --- pipeline tests: whoever sees the pipeline reads them; editors of it change and run them ---
    "GET /api/pipelines/{id}/tests/": Entry("401 ok 404 404 ok ok"),
    "POST /api/pipelines/{id}/tests/": Entry("401 403 404 404 ok ok", body=_test_body),
    "GET /api/pipelines/{id}/tests/{test_id}/": Entry("401 ok 404 404 ok ok", objects={"test_id": "pipeline_test"}),
    "PUT /api/pipelines/{id}/tests/{test_id}/": Entry(
        "401 403 404 404 ok ok", objects={"test_id": "pipeline_test"}, body=_test_body
    ),
    "DELETE /api/pipelines/{id}/tests/{test_id}/": Entry("401 403 404 404 ok ok", objects={"test_id": "pipeline_test"}),
    "POST /api/pipelines/{id}/test/": Entry("401 403 404 404 ok ok", body={}),
    "POST /api/tests/run/": Entry(
        "401 403 ok ok ok ok",
        body=lambda w, f: {"graph": _graph(w, f), "tests": [_test_body(w, f)]},
        note="Runs the tests of the body over the graph of the body: nothing of anyone's is read or written.",
    ),
    "GET /api/node-types/": Entry("401 ok ok ok ok ok"),
    "GET /api/node-types/{key}/": Entry("401 ok ok ok ok ok", objects={"key": "transform.filter"}),
    # --- runs (operators run; the owner is an editor, so the owner may not run) ---
    "POST /api/pipelines/{id}/run/": Entry("401 403 403 404 403 ok", body={}),
    "POST /api/pipelines/{id}/dry-run/": Entry("401 403 404 404 ok ok", body={"sample_rows": 5}),
    "GET /api/pipelines/{id}/dependencies/": Entry("401 ok 404 404 ok ok"),
    "POST /api/pipelines/{id}/dependencies/": Entry(
        "401 403 404 404 ok ok", body=lambda w, f: {"downstream": w.private.pk}
    ),
    "DELETE /api/dependencies/{id}/": Entry("401 403 404 404 ok ok"),
    "GET /api/pipelines/{id}/schedule/next-runs/": Entry("401 ok 404 404 ok ok"),
    "POST /api/pipelines/{id}/backfill/": Entry(
        "401 403 403 404 403 ok", body={"start": "2026-01-01", "end": "2026-01-04", "dry_run": True}
    ),
    "GET /api/backfills/": Entry("401 ok ok ok ok ok"),
    "GET /api/schedules/": Entry("401 ok ok ok ok ok"),
    "GET /api/backfills/{id}/": Entry("401 ok 404 404 ok ok"),
    "POST /api/backfills/{id}/cancel/": Entry("401 403 403 404 403 ok"),
    "GET /api/pools/": Entry("401 ok ok ok ok ok"),
    "POST /api/pools/": Entry("401 403 403 403 403 ok", body={"name": "matrix-new-pool", "slots": 2}),
    "GET /api/pools/{id}/": Entry("401 ok ok ok ok ok"),
    "PATCH /api/pools/{id}/": Entry("401 403 403 403 403 ok", body={"slots": 3}),
    "DELETE /api/pools/{id}/": Entry("401 403 403 403 403 ok"),
    "GET /api/pipelines/{id}/dependency-graph/": Entry("401 ok 404 404 ok ok"),
    "GET /api/pipelines/{id}/state/": Entry("401 ok 404 404 ok ok"),
    "GET /api/executions/": Entry("401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)),
    "GET /api/executions/active/": Entry("401 ok ok ok ok ok"),
    "GET /api/executions/{id}/": Entry("401 ok 404 404 ok ok"),
    "GET /api/executions/{id}/logs/": Entry("401 ok 404 404 ok ok"),
    "GET /api/executions/{id}/timeline/": Entry("401 ok 404 404 ok ok"),
    "GET /api/executions/{id}/steps/{node_key}/preview/": Entry("401 ok 404 404 ok ok", objects={"node_key": "src"}),
    "GET /api/executions/{id}/steps/{node_key}/profile/": Entry("401 ok 404 404 ok ok", objects={"node_key": "src"}),
    "GET /api/executions/{id}/profiles/": Entry("401 ok 404 404 ok ok"),
    "POST /api/pipelines/{id}/dry-run/profile/": Entry("401 403 404 404 ok ok", body={"node": "src"}),
    # --- lineage: a column's lineage follows the pipeline; the dataset graph names only what one may see ---
    "GET /api/pipelines/{id}/lineage/": Entry("401 ok 404 404 ok ok", query={"node": "src", "column": "id"}),
    "GET /api/lineage/": Entry("401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)),
    "GET /api/lineage/impact/": Entry(
        "401 ok 404 404 ok ok",
        query={"dataset": "file:in.csv"},
        leaks=(("private", OWNER_ADMIN),),
        note="A dataset that no pipeline one can see names is a 404, as if it did not exist.",
    ),
    "POST /api/executions/{id}/cancel/": Entry("401 403 403 404 403 ok", objects={"id": "running"}),
    "POST /api/executions/{id}/retry/": Entry("401 403 403 404 403 ok"),
    "POST /api/executions/{id}/rerun/": Entry("401 403 403 404 403 ok"),
    # --- templates: everyone reads and applies; the owner (or an admin) changes ---
    "GET /api/templates/": Entry("401 ok ok ok ok ok"),
    "POST /api/templates/": Entry("401 403 ok ok ok ok", body=_template_body),
    "GET /api/templates/{id}/": Entry("401 ok ok ok ok ok"),
    "PUT /api/templates/{id}/": Entry("401 403 403 403 ok ok", body=_template_body),
    "PATCH /api/templates/{id}/": Entry("401 403 403 403 ok ok", body={"description": "patched"}),
    "DELETE /api/templates/{id}/": Entry("401 403 403 403 ok ok"),
    "POST /api/templates/{id}/apply/": Entry("401 403 ok ok ok ok", body={"name": "mx applied"}),
    # --- connections: the owner's, shared with the viewer's group ---
    "GET /api/connections/": Entry("401 ok ok ok ok ok", leaks=(("connection", SEERS_SHARED), ("secret", ""))),
    "POST /api/connections/": Entry("401 403 ok ok ok ok", body=_connection_body),
    "GET /api/connections/kinds/": Entry("401 ok ok ok ok ok"),
    "GET /api/connections/{id}/": Entry("401 ok 404 404 ok ok", leaks=(("secret", ""),)),
    "PUT /api/connections/{id}/": Entry("401 403 404 404 ok ok", body=_connection_body),
    "PATCH /api/connections/{id}/": Entry("401 403 404 404 ok ok", body={"description": "patched"}),
    "DELETE /api/connections/{id}/": Entry("401 403 404 404 ok ok"),
    "POST /api/connections/{id}/test/": Entry("401 403 404 404 ok ok", body={}, leaks=(("secret", ""),)),
    "GET /api/connections/{id}/introspect/": Entry(
        "401 403 404 404 ok ok",
        note="A closed port: the owner's introspection is refused by the database, answered as a 2xx or a "
        "clear 4xx other than 401/403/404 (see ALLOWED_FAILURES).",
    ),
    # --- files: each user's own ---
    "GET /api/files/": Entry("401 ok ok ok ok ok", leaks=(("file", OWNER_ADMIN),), pending={}),
    "POST /api/files/": Entry("401 403 ok ok ok ok", body=_upload_body, multipart=True),
    "POST /api/files/uploads/": Entry("401 403 ok ok ok ok", body={"filename": "mx-resumable.csv", "size": 3}),
    "GET /api/files/uploads/{upload_id}/": Entry("401 403 404 404 ok 404", objects={"upload_id": "files.partial"}),
    "PUT /api/files/uploads/{upload_id}/": Entry(
        "401 403 404 404 ok 404",
        objects={"upload_id": "files.partial"},
        raw=b"id\n",
        headers={"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"},
    ),
    "POST /api/files/uploads/{upload_id}/complete/": Entry(
        "401 403 404 404 ok 404", objects={"upload_id": "files.complete"}
    ),
    "GET /api/files/profile/": Entry(
        "401 404 404 404 ok ok",
        query=lambda w: {"path": f"uploads/{w.owner.pk}/{w.marks['file']}"},
        note="The owner's uploaded file: anyone else gets the answer of a missing file.",
    ),
    # --- monitoring ---
    "GET /api/monitoring/summary/": Entry("401 ok ok ok ok ok"),
    "GET /api/monitoring/active/": Entry("401 ok ok ok ok ok"),
    "GET /api/monitoring/stages/": Entry("401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)),
    "GET /api/monitoring/stages/{pipeline_id}/{node_key}/history/": Entry(
        "401 ok 404 404 ok ok", objects={"pipeline_id": "pipeline", "node_key": "keep"}
    ),
    "GET /api/monitoring/exports/executions/": Entry("401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)),
    "GET /api/monitoring/exports/stages/": Entry("401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)),
    "GET /api/workers/": Entry("401 ok ok ok ok ok"),
    # --- alerts: rules are the admins'; an alert is its recipients' (the owner) and the admins' ---
    "GET /api/alert-rules/": Entry("401 403 403 403 403 ok"),
    "POST /api/alert-rules/": Entry("401 403 403 403 403 ok", body=_rule_body),
    "GET /api/alert-rules/{id}/": Entry("401 403 403 403 403 ok"),
    "PUT /api/alert-rules/{id}/": Entry("401 403 403 403 403 ok", body=_rule_body),
    "PATCH /api/alert-rules/{id}/": Entry("401 403 403 403 403 ok", body={"enabled": False}),
    "DELETE /api/alert-rules/{id}/": Entry("401 403 403 403 403 ok"),
    "GET /api/alerts/": Entry("401 ok ok ok ok ok", leaks=(("alert", OWNER_ADMIN),)),
    "GET /api/alerts/{id}/": Entry("401 404 404 404 ok ok"),
    "POST /api/alerts/{id}/acknowledge/": Entry("401 404 404 404 ok ok"),
    "POST /api/alerts/{id}/resolve/": Entry("401 403 403 403 403 ok"),
    # --- events, notifications, subscriptions: personal, or filtered to what one may see ---
    "GET /api/events/": Entry(
        "401 ok 404 404 ok ok",
        query=lambda w: {"topic": f"pipeline:{w.pipeline.pk}"},
        note="Every topic is in EVENTS below.",
    ),
    "GET /api/notifications/": Entry("401 ok ok ok ok ok", leaks=(("notification", "owner"),)),
    "GET /api/notifications/unread-count/": Entry("401 ok ok ok ok ok"),
    "POST /api/notifications/mark-read/": Entry(
        "401 ok ok ok ok ok",
        body=lambda w, f: {"ids": [w.notification.pk]},
        note="Only one's own: the owner's notification is marked by the owner alone (checked in the test).",
    ),
    "GET /api/subscriptions/": Entry("401 ok ok ok ok ok", leaks=(("subscription", "owner"),)),
    "POST /api/subscriptions/": Entry(
        "401 ok 400 400 ok ok",
        body=lambda w, f: {"topic": f"execution:{w.execution.pk}"},
        note="The topic is a reference in the body: one not visible is a 400 on topic that reads as for one "
        "that does not exist (as for every body reference), not a 404 of the path.",
    ),
    "DELETE /api/subscriptions/{id}/": Entry("401 404 404 404 ok 404", note="Personal: not even an admin's."),
    # --- quality: whoever sees the pipeline reads its results and issues; editors of it act on the issues ---
    "GET /api/quality/results/": Entry("401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)),
    "GET /api/quality/results/export/": Entry("401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)),
    "GET /api/quality/summary/": Entry("401 ok 404 404 ok ok", query=lambda w: {"pipeline": w.pipeline.pk}),
    "GET /api/quality/issues/": Entry("401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)),
    "GET /api/quality/issues/{id}/": Entry("401 ok 404 404 ok ok"),
    "PATCH /api/quality/issues/{id}/": Entry("401 403 404 404 ok ok", body={"severity": "low"}),
    "POST /api/quality/issues/{id}/acknowledge/": Entry("401 403 404 404 ok ok"),
    "POST /api/quality/issues/{id}/assign/": Entry("401 403 404 404 ok ok", body={"assignee": None}),
    "POST /api/quality/issues/{id}/resolve/": Entry("401 403 404 404 ok ok", body={}),
    "POST /api/quality/issues/{id}/comments/": Entry("401 403 404 404 ok ok", body={"text": "mx comment"}),
    "GET /api/quality/pipelines/{id}/sla/": Entry("401 ok 404 404 ok ok", objects={"id": "pipeline"}),
    "PUT /api/quality/pipelines/{id}/sla/": Entry(
        "401 403 404 404 ok ok", objects={"id": "pipeline"}, body={"max_seconds": 600}
    ),
    "DELETE /api/quality/pipelines/{id}/sla/": Entry("401 403 404 404 ok ok", objects={"id": "pipeline"}),
    "GET /api/quality/sla-breaches/": Entry("401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)),
    # --- insights: whoever sees the pipeline reads them; its editors dismiss them ---
    "GET /api/insights/": Entry("401 ok ok ok ok ok", leaks=(("private", OWNER_ADMIN),)),
    "GET /api/insights/{id}/": Entry("401 ok 404 404 ok ok"),
    "POST /api/insights/{id}/dismiss/": Entry("401 403 404 404 ok ok"),
    "POST /api/insights/{id}/undismiss/": Entry("401 403 404 404 ok ok"),
    # --- reports: the owner's and the admins'; shared with the viewer, who reads it (as they may see the
    # pipelines: the private one's runs stay out); creating one needs the editor role ---
    "GET /api/reports/": Entry("401 ok ok ok ok ok", leaks=(("report", SEERS_SHARED),)),
    "POST /api/reports/": Entry("401 403 ok ok ok ok", body={"name": "mx new report", "blocks": [{"kind": "kpis"}]}),
    "GET /api/reports/{id}/": Entry("401 ok 404 404 ok ok"),
    "PUT /api/reports/{id}/": Entry("401 403 404 404 ok ok", body={"name": "mx put report"}),
    "PATCH /api/reports/{id}/": Entry("401 403 404 404 ok ok", body={"name": "mx patched report"}),
    "DELETE /api/reports/{id}/": Entry("401 403 404 404 ok ok"),
    "GET /api/reports/{id}/render/": Entry(
        "401 ok 404 404 ok ok", query={"format": "html"}, leaks=(("private", OWNER_ADMIN),)
    ),
    "POST /api/reports/{id}/send/": Entry("401 403 404 404 ok ok"),
    # --- personal API tokens: one's own; an admin lists and revokes anyone's ---
    "GET /api/tokens/": Entry("401 ok ok ok ok ok", leaks=(("api_token", OWNER_ADMIN),)),
    "POST /api/tokens/": Entry(
        "401 ok ok ok ok ok",
        body={"name": "mx token created", "role": "viewer"},
        note="Everyone signed in may create a token up to their own role (a viewer: a viewer's).",
    ),
    "DELETE /api/tokens/{id}/": Entry("401 404 404 404 ok ok"),
    # --- users and the audit log: admins only (a 403 for everyone else); sessions: one's own, nobody else's ---
    "GET /api/users/": Entry(
        "401 403 403 403 403 ok", query=lambda w: {"search": w.member.username}, leaks=(("member", "admin"),)
    ),
    "POST /api/users/": Entry("401 403 403 403 403 ok", body=_invite_body),
    "GET /api/users/{id}/": Entry("401 403 403 403 403 ok", objects={"id": "invitee"}),
    "PATCH /api/users/{id}/": Entry("401 403 403 403 403 ok", objects={"id": "invitee"}, body={"role": "viewer"}),
    "POST /api/users/{id}/deactivate/": Entry("401 403 403 403 403 ok", objects={"id": "member"}),
    "POST /api/users/{id}/reactivate/": Entry("401 403 403 403 403 ok", objects={"id": "member"}),
    "POST /api/users/{id}/invite/": Entry("401 403 403 403 403 ok", objects={"id": "invitee"}),
    "GET /api/audit/": Entry("401 403 403 403 403 ok"),
    "GET /api/sessions/": Entry("401 ok ok ok ok ok"),
    "DELETE /api/sessions/{id}/": Entry(
        "401 404 404 404 ok 404", objects={"id": "session_api"}, note="Personal: not even an admin's."
    ),
    # --- preferences: one's own only (the path names no object: nobody can reach another's) ---
    "GET /api/me/preferences/": Entry("401 ok ok ok ok ok"),
    "PUT /api/me/preferences/": Entry("401 ok ok ok ok ok", body=_preferences_body),
    "PATCH /api/me/preferences/": Entry("401 ok ok ok ok ok", body={"theme": "dark"}),
    "GET /api/me/onboarding/": Entry("401 ok ok ok ok ok"),
    "PATCH /api/me/onboarding/": Entry("401 ok ok ok ok ok", body={"tour_status": "active", "tour_step": 2}),
    # --- onboarding: the first pipeline is made and run by editors and above (only that pipeline); the setup
    # checklist is the admins' ---
    "POST /api/onboarding/first-pipeline/": Entry("401 403 ok ok ok ok"),
    "GET /api/setup/checklist/": Entry("401 403 403 403 403 ok"),
    # --- git sync: a repository is its owner's and the admins' (it holds a webhook secret), nobody else sees it ---
    "GET /api/git/repositories/": Entry(
        "401 ok ok ok ok ok", leaks=(("git_repository", OWNER_ADMIN), ("git_secret", ""))
    ),
    "POST /api/git/repositories/": Entry("401 403 ok ok ok ok", body=_git_body),
    "GET /api/git/repositories/{id}/": Entry("401 404 404 404 ok ok", leaks=(("git_secret", ""),)),
    "PUT /api/git/repositories/{id}/": Entry("401 404 404 404 ok ok", body=_git_body),
    "PATCH /api/git/repositories/{id}/": Entry("401 404 404 404 ok ok", body={"branch": "dev"}),
    "DELETE /api/git/repositories/{id}/": Entry("401 404 404 404 ok ok"),
    "POST /api/git/repositories/{id}/sync/": Entry("401 404 404 404 ok ok"),
    "GET /api/git/repositories/{id}/syncs/": Entry("401 404 404 404 ok ok"),
    "GET /api/git/repositories/{id}/documents/": Entry("401 404 404 404 ok ok"),
    "POST /api/git/repositories/{id}/documents/{document_id}/resolve/": Entry(
        "401 404 404 404 ok ok", objects={"document_id": "git_document"}, body={"keep": "sluice"}
    ),
    "GET /api/git/repositories/{id}/webhook/": Entry("401 404 404 404 ok ok", leaks=(("git_secret", OWNER_ADMIN),)),
    "POST /api/git/repositories/{id}/webhook/": Entry("401 404 404 404 ok ok"),
    "POST /api/git/webhook/": Entry(
        "401 401 401 401 401 401",
        note="Signed by the git host, not by a user: a request without a signature header is a 401 whoever sends "
        "it (tests/gitsync/test_api.py checks signatures per provider).",
    ),
}

# Which World attribute an {id} names, by the path's collection.
DEFAULT_OBJECTS = {
    "/api/pipelines/": "pipeline",
    "/api/executions/": "execution",
    "/api/backfills/": "backfill",
    "/api/pools/": "pool",
    "/api/templates/": "template",
    "/api/connections/": "connection",
    "/api/dependencies/": "dependency",
    "/api/subscriptions/": "subscription",
    "/api/alert-rules/": "alert_rule",
    "/api/alerts/": "alert",
    "/api/tokens/": "api_token",
    "/api/quality/issues/": "quality_issue",
    "/api/insights/": "insight",
    "/api/reports/": "report",
    "/api/git/repositories/": "git_repository",
}

# Operations whose allowed answer may be a clear 4xx other than 401/403/404 (the work itself fails, which
# is the point of the fixture: nothing is reached). Everything else must be a 2xx when allowed.
ALLOWED_FAILURES = {"GET /api/connections/{id}/introspect/": {400, 409, 422, 502, 503}}

# ----------------------------------------------------------------------------------------------------------
# Routes of the URLconf that are not OpenAPI operations: pages, probes, the schema and the sign-in views.
# One entry per method sent. {pk} etc. as in the URLconf; objects as for the API.
# ----------------------------------------------------------------------------------------------------------


def _report_form(world, files):
    """The report builder's form: a key-figures block and a runs table over every visible pipeline."""
    return {
        "name": "mx report form", "window": "7d", "block_count": "2", "block-0-kind": "kpis",
        "block-0-metrics": ["runs"], "block-1-kind": "runs_table", "block-1-limit": "5", "schedule_timezone": "UTC",
    }  # fmt: skip


PAGE_CONNECTION = {
    "name": "mx page connection",
    "kind": "postgresql",
    "config_host": "127.0.0.1",
    "config_port": "9",
    "config_database": "mx",
    "config_user": "mx",
}

PAGES: dict[str, Entry] = {
    "GET /healthz": Entry("ok ok ok ok ok ok"),
    "GET /readyz": Entry("ok ok ok ok ok ok"),
    "GET /metrics": Entry("ok ok ok ok ok ok", note="Open outside production mode (docs/operations.md)."),
    "GET /api/schema/": Entry("ok ok ok ok ok ok"),
    "GET /api/schema/pipeline-document.json": Entry("ok ok ok ok ok ok", note="The format, nothing of anyone's data."),
    "GET /api/docs/": Entry("ok ok ok ok ok ok"),
    "GET /api/auth/login/": Entry("ok ok ok ok ok ok"),
    "POST /api/auth/login/": Entry(
        "ok ok ok ok ok ok", body=lambda w, f: {"username": w.owner.username, "password": "pass-word-123"}
    ),
    "POST /api/auth/logout/": Entry("ok ok ok ok ok ok"),
    "GET /login/": Entry("ok ok ok ok ok ok"),
    "POST /login/": Entry(
        "ok ok ok ok ok ok", body=lambda w, f: {"username": w.owner.username, "password": "pass-word-123"}
    ),
    "POST /logout/": Entry("ok ok ok ok ok ok"),
    # --- dashboard and monitoring ---
    "GET /": Entry("login ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)),
    "GET /dashboard/parts/{part}/": Entry(
        "login ok ok ok ok ok", objects={"part": "failures"}, leaks=(("private_slug", OWNER_ADMIN),)
    ),
    "GET /monitoring/": Entry("login ok ok ok ok ok"),
    "GET /monitoring/system/": Entry("login ok ok ok ok ok"),
    # The execution page's timeline and resource charts: whoever sees the execution sees them.
    "GET /monitoring/executions/{pk}/timeline/": Entry("login ok 404 404 ok ok", objects={"pk": "execution"}),
    "GET /monitoring/executions/{pk}/resources/": Entry("login ok 404 404 ok ok", objects={"pk": "execution"}),
    "GET /alerts/": Entry("login ok ok ok ok ok", leaks=(("alert", OWNER_ADMIN),)),
    "GET /alerts/rules/new/": Entry("login 403 403 403 403 ok"),
    "POST /alerts/rules/new/": Entry(
        "login 403 403 403 403 ok", body={"name": "mx page rule", "kind": "execution_failed", "channels": "in_app"}
    ),
    "GET /alerts/rules/{pk}/edit/": Entry("login 403 403 403 403 ok", objects={"pk": "alert_rule"}),
    "POST /alerts/rules/{pk}/edit/": Entry(
        "login 403 403 403 403 ok",
        objects={"pk": "alert_rule"},
        body={"name": "mx page rule", "kind": "execution_failed", "channels": "in_app"},
    ),
    "POST /alerts/rules/{pk}/toggle/": Entry("login 403 403 403 403 ok", objects={"pk": "alert_rule"}),
    "POST /alerts/rules/{pk}/delete/": Entry("login 403 403 403 403 ok", objects={"pk": "alert_rule"}),
    "POST /alerts/{pk}/resolve/": Entry("login 403 403 403 403 ok", objects={"pk": "alert"}),
    "POST /alerts/{pk}/acknowledge/": Entry("login 404 404 404 ok ok", objects={"pk": "alert"}),
    # --- pipelines ---
    "GET /pipelines/": Entry("login ok ok ok ok ok", leaks=(("private", OWNER_ADMIN), ("pipeline", SEERS_SHARED))),
    "GET /pipelines/new/": Entry("login 403 ok ok ok ok"),
    "POST /pipelines/new/": Entry("login 403 ok ok ok ok", body={"name": "mx page pipeline"}),
    "GET /pipelines/import/": Entry("login 403 ok ok ok ok"),
    "POST /pipelines/import/preview/": Entry("login 403 ok ok ok ok", body=_import_body),
    "POST /pipelines/import/apply/": Entry("login 403 ok ok ok ok", body=_import_page_body),
    "GET /pipelines/{pk}/": Entry("login ok 404 404 ok ok"),
    "GET /pipelines/{pk}/builder/": Entry("login ok 404 404 ok ok"),
    "POST /pipelines/{pk}/run/": Entry("login 403 404 404 403 ok"),
    "GET /pipelines/{pk}/delete/": Entry("login 403 404 404 ok ok"),
    "POST /pipelines/{pk}/delete/": Entry("login 403 404 404 ok ok"),
    "GET /pipelines/{pk}/diff/": Entry("login ok 404 404 ok ok"),
    "GET /pipelines/{pk}/tests/": Entry("login ok 404 404 ok ok"),
    "POST /pipelines/{pk}/tests/run/": Entry("login 403 404 404 ok ok"),
    "GET /pipelines/{pk}/ci/": Entry("login ok 404 404 ok ok"),
    "POST /pipelines/{pk}/schedule/": Entry(
        "login 403 404 404 ok ok", body={"schedule_cron": "0 3 * * *", "schedule_timezone": "UTC"}
    ),
    "GET /pipelines/{pk}/schedule/preview/": Entry(
        "login ok 404 404 ok ok", query={"schedule_cron": "0 3 * * *", "schedule_timezone": "UTC"}
    ),
    "POST /pipelines/{pk}/dependencies/": Entry(
        "login 403 404 404 ok ok", body=lambda w, f: {"direction": "downstream", "other": w.private.pk}
    ),
    "POST /pipelines/{pk}/dependencies/{dependency_id}/delete/": Entry(
        "login 403 404 404 ok ok", objects={"dependency_id": "dependency"}
    ),
    "POST /pipelines/{pk}/subscription/": Entry(
        "login ok 404 404 ok ok",
        objects={"pk": "downstream"},
        body={"event_types": ["execution.failed"], "channels": ["in_app"]},
        note="On the downstream pipeline (shared with the viewer too), where the owner has no subscription yet.",
    ),
    "POST /pipelines/{pk}/subscription/delete/": Entry(
        "login 404 404 404 ok 404", note="Only one's own subscription: the owner has one, nobody else does."
    ),
    # parts of the pipeline pages served by executions (executions/views_pipeline.py): reading them follows
    # the pipeline's visibility; running needs the operator role, changing dependencies the editor role
    "GET /pipelines/runs/": Entry(
        "login ok ok ok ok ok",
        query=lambda w: {"pipeline": [w.pipeline.pk, w.private.pk]},
        leaks=(("private_list_cell", OWNER_ADMIN),),
        note="The last and next run of the list's rows: asked about the private pipeline too, it answers only "
        "for the pipelines one can see.",
    ),
    "GET /pipelines/{pk}/runs/": Entry("login ok 404 404 ok ok"),
    "GET /pipelines/{pk}/next-runs/": Entry("login ok 404 404 ok ok"),
    "GET /pipelines/{pk}/dependencies/": Entry("login ok 404 404 ok ok"),
    "GET /files/": Entry("login ok ok ok ok ok", leaks=(("file", OWNER_ADMIN),)),
    "POST /files/": Entry("login 403 ok ok ok ok", body=_upload_body, multipart=True),
    "GET /files/profile/": Entry(
        "login 404 404 404 ok ok", query=lambda w: {"path": f"uploads/{w.owner.pk}/{w.marks['file']}"}
    ),
    "GET /lineage/": Entry("login ok ok ok ok ok", leaks=(("private", OWNER_ADMIN),)),
    "GET /lineage/impact/": Entry(
        "login ok 404 404 ok ok", query={"dataset": "file:in.csv"}, leaks=(("private", OWNER_ADMIN),)
    ),
    # --- templates ---
    "GET /templates/": Entry("login ok ok ok ok ok"),
    "GET /templates/{pk}/apply/": Entry("login 403 ok ok ok ok", objects={"pk": "template"}),
    "POST /templates/{pk}/apply/": Entry(
        "login 403 ok ok ok ok", objects={"pk": "template"}, body={"name": "mx page applied"}
    ),
    "GET /templates/{pk}/delete/": Entry("login 403 403 403 ok ok", objects={"pk": "template"}),
    "POST /templates/{pk}/delete/": Entry("login 403 403 403 ok ok", objects={"pk": "template"}),
    # --- connections ---
    "GET /connections/": Entry("login ok ok ok ok ok", leaks=(("connection", SEERS_SHARED), ("secret", ""))),
    "GET /connections/new/": Entry("login 403 ok ok ok ok"),
    "POST /connections/new/": Entry(
        "login 403 ok ok ok ok",
        body=PAGE_CONNECTION,
    ),
    "GET /connections/{pk}/": Entry("login ok 404 404 ok ok", objects={"pk": "connection"}, leaks=(("secret", ""),)),
    "GET /connections/{pk}/edit/": Entry("login 403 404 404 ok ok", objects={"pk": "connection"}),
    "POST /connections/{pk}/edit/": Entry(
        "login 403 404 404 ok ok",
        objects={"pk": "connection"},
        body=PAGE_CONNECTION,
    ),
    "GET /connections/{pk}/delete/": Entry("login 403 404 404 ok ok", objects={"pk": "connection"}),
    "POST /connections/{pk}/delete/": Entry("login 403 404 404 ok ok", objects={"pk": "connection"}),
    "POST /connections/{pk}/test/": Entry("login 403 404 404 ok ok", objects={"pk": "connection"}),
    "GET /connections/{pk}/tables/": Entry("login 403 404 404 ok ok", objects={"pk": "connection"}),
    # --- executions ---
    "GET /executions/": Entry("login ok ok ok ok ok", leaks=(("private", OWNER_ADMIN),)),
    "GET /executions/{pk}/": Entry("login ok 404 404 ok ok", objects={"pk": "execution"}),
    "GET /executions/{pk}/live/": Entry("login ok 404 404 ok ok", objects={"pk": "execution"}),
    "GET /executions/{pk}/logs/": Entry("login ok 404 404 ok ok", objects={"pk": "execution"}),
    "GET /executions/{pk}/steps/{node_key}/preview/": Entry(
        "login ok 404 404 ok ok", objects={"pk": "execution", "node_key": "src"}
    ),
    "GET /executions/{pk}/steps/{node_key}/profile/": Entry(
        "login ok 404 404 ok ok", objects={"pk": "execution", "node_key": "src"}
    ),
    "GET /executions/{pk}/profiles/": Entry("login ok 404 404 ok ok", objects={"pk": "execution"}),
    "POST /executions/{pk}/cancel/": Entry("login 403 404 404 403 ok", objects={"pk": "running"}),
    "GET /pipelines/{pk}/backfills/": Entry("login ok 404 404 ok ok"),
    "POST /pipelines/{pk}/backfills/": Entry(
        "login 403 404 404 403 ok",
        body={"start": "2026-01-01", "end": "2026-01-04", "concurrency": 1, "action": "dry_run"},
    ),
    "POST /backfills/{pk}/cancel/": Entry("login 403 404 404 403 ok"),
    "GET /schedules/": Entry("login ok ok ok ok ok"),
    "POST /schedules/{pk}/switch/": Entry(
        "login 403 404 404 ok ok", objects={"pk": "pipeline"}, body={"enabled": "false"}
    ),
    "POST /executions/{pk}/retry/": Entry("login 403 404 404 403 ok", objects={"pk": "execution"}),
    "POST /executions/{pk}/rerun/": Entry("login 403 404 404 403 ok", objects={"pk": "execution"}),
    # --- notifications ---
    "GET /notifications/": Entry("login ok ok ok ok ok", leaks=(("notification", "owner"),)),
    "POST /notifications/{pk}/read/": Entry("login 404 404 404 ok 404", objects={"pk": "notification"}),
    "POST /notifications/read-all/": Entry("login ok ok ok ok ok"),
    # --- quality pages: as the API (read: who sees the pipeline; act: its editors) ---
    "GET /quality/": Entry("login ok ok ok ok ok", leaks=(("private", OWNER_ADMIN),)),
    "GET /quality/pipelines/{pk}/": Entry("login ok 404 404 ok ok", objects={"pk": "pipeline"}),
    "POST /quality/pipelines/{pk}/sla/": Entry(
        "login 403 404 404 ok ok", objects={"pk": "pipeline"}, body={"max_seconds": "600", "enabled": "on"}
    ),
    "GET /quality/executions/{pk}/": Entry("login ok 404 404 ok ok", objects={"pk": "execution"}),
    "GET /quality/issues/{pk}/": Entry("login ok 404 404 ok ok", objects={"pk": "quality_issue"}),
    "POST /quality/issues/{pk}/acknowledge/": Entry("login 403 404 404 ok ok", objects={"pk": "quality_issue"}),
    "POST /quality/issues/{pk}/assign/": Entry(
        "login 403 404 404 ok ok", objects={"pk": "quality_issue"}, body={"assignee": ""}
    ),
    "POST /quality/issues/{pk}/resolve/": Entry("login 403 404 404 ok ok", objects={"pk": "quality_issue"}),
    "POST /quality/issues/{pk}/comments/": Entry(
        "login 403 404 404 ok ok", objects={"pk": "quality_issue"}, body={"text": "mx page comment"}
    ),
    # --- insights pages: as the API ---
    "GET /insights/": Entry("login ok ok ok ok ok", leaks=(("private", OWNER_ADMIN),)),
    "GET /insights/pipelines/{pk}/": Entry("login ok 404 404 ok ok", objects={"pk": "pipeline"}),
    "GET /insights/{pk}/": Entry("login ok 404 404 ok ok", objects={"pk": "insight"}),
    "POST /insights/{pk}/dismiss/": Entry("login 403 404 404 ok ok", objects={"pk": "insight"}),
    "POST /insights/{pk}/undismiss/": Entry("login 403 404 404 ok ok", objects={"pk": "insight"}),
    # --- report pages: as the API (the preview shows a reader only what they may see) ---
    "GET /reports/": Entry("login ok ok ok ok ok", leaks=(("report", SEERS_SHARED),)),
    "GET /reports/new/": Entry("login 403 ok ok ok ok"),
    "POST /reports/new/": Entry("login 403 ok ok ok ok", body=_report_form),
    "POST /reports/preview/": Entry("login ok ok ok ok ok", body=_report_form, leaks=(("private", OWNER_ADMIN),)),
    "GET /reports/{pk}/": Entry("login ok 404 404 ok ok", objects={"pk": "report"}, leaks=(("private", OWNER_ADMIN),)),
    "GET /reports/{pk}/edit/": Entry("login 403 404 404 ok ok", objects={"pk": "report"}),
    "POST /reports/{pk}/edit/": Entry("login 403 404 404 ok ok", objects={"pk": "report"}, body=_report_form),
    "POST /reports/{pk}/send/": Entry("login 403 404 404 ok ok", objects={"pk": "report"}),
    "POST /reports/{pk}/delete/": Entry("login 403 404 404 ok ok", objects={"pk": "report"}),
    # --- API tokens: the page lists one's own only; an admin may revoke anyone's (as through the API) ---
    "GET /account/tokens/": Entry("login ok ok ok ok ok", leaks=(("api_token", "owner"),)),
    "POST /account/tokens/": Entry("login ok ok ok ok ok", body={"name": "mx page token", "role": "viewer"}),
    "POST /account/tokens/{pk}/revoke/": Entry("login 404 404 404 ok ok", objects={"pk": "api_token"}),
    # --- users and the audit log: admins only; sessions: one's own; an invitation link: anyone holding it ---
    "GET /account/users/": Entry(
        "login 403 403 403 403 ok", query=lambda w: {"q": w.member.username}, leaks=(("member", "admin"),)
    ),
    "POST /account/users/": Entry("login 403 403 403 403 ok", body=_invite_body),
    "POST /account/users/{pk}/role/": Entry(
        "login 403 403 403 403 ok", objects={"pk": "invitee"}, body={"role": "viewer"}
    ),
    "POST /account/users/{pk}/deactivate/": Entry("login 403 403 403 403 ok", objects={"pk": "member"}),
    "POST /account/users/{pk}/reactivate/": Entry("login 403 403 403 403 ok", objects={"pk": "member"}),
    "POST /account/users/{pk}/invite/": Entry("login 403 403 403 403 ok", objects={"pk": "invitee"}),
    "GET /account/audit/": Entry("login 403 403 403 403 ok"),
    "GET /account/sessions/": Entry("login ok ok ok ok ok", leaks=(("user_session", "owner"),)),
    "POST /account/sessions/{pk}/revoke/": Entry(
        "login 404 404 404 ok 404", objects={"pk": "session_page"}, note="Personal: not even an admin's."
    ),
    "GET /account/preferences/": Entry("login ok ok ok ok ok"),
    "POST /account/preferences/": Entry("login ok ok ok ok ok", body=_preferences_body),
    "POST /account/tour/": Entry("login ok ok ok ok ok"),
    "POST /onboarding/first-pipeline/": Entry("login 403 ok ok ok ok"),
    "GET /setup/": Entry("login 403 403 403 403 ok"),
    "POST /setup/": Entry("login 403 403 403 403 ok", body={"action": "dismiss"}),
    "GET /account/invite/{token}/": Entry(
        "404 404 404 404 404 404",
        objects={"token": "not-a-valid-link"},
        note="The link is the credential: a wrong, used or expired one is a 404 for everyone.",
    ),
    "POST /account/invite/{token}/": Entry(
        "404 404 404 404 404 404",
        objects={"token": "not-a-valid-link"},
        body={"new_password1": "mx-pass-phrase-1", "new_password2": "mx-pass-phrase-1"},
    ),
    "GET /oidc/authenticate/": Entry(
        "404 404 404 404 404 404", note="OIDC sign-in is off in the tests' settings (tests/e2e/test_oidc_sign_in.py)."
    ),
    "GET /oidc/callback/": Entry("404 404 404 404 404 404", note="Off as well; the OIDC test checks it when on."),
    # --- git sync: the owner's and the admins' ---
    "GET /git/": Entry("login ok ok ok ok ok", leaks=(("git_repository", OWNER_ADMIN), ("git_secret", ""))),
    "GET /git/new/": Entry("login 403 ok ok ok ok"),
    "POST /git/new/": Entry("login 403 ok ok ok ok", body=PAGE_GIT),
    "GET /git/{pk}/": Entry(
        "login 404 404 404 ok ok", objects={"pk": "git_repository"}, leaks=(("git_secret", OWNER_ADMIN),)
    ),
    "GET /git/{pk}/edit/": Entry("login 404 404 404 ok ok", objects={"pk": "git_repository"}),
    "POST /git/{pk}/edit/": Entry("login 404 404 404 ok ok", objects={"pk": "git_repository"}, body=PAGE_GIT),
    "GET /git/{pk}/delete/": Entry("login 404 404 404 ok ok", objects={"pk": "git_repository"}),
    "POST /git/{pk}/delete/": Entry("login 404 404 404 ok ok", objects={"pk": "git_repository"}),
    "POST /git/{pk}/sync/": Entry("login 404 404 404 ok ok", objects={"pk": "git_repository"}),
    "POST /git/{pk}/webhook-secret/": Entry("login 404 404 404 ok ok", objects={"pk": "git_repository"}),
    "POST /git/{pk}/documents/{document_id}/resolve/": Entry(
        "login 404 404 404 ok ok",
        objects={"pk": "git_repository", "document_id": "git_document"},
        body={"keep": "sluice"},
    ),
}

# Default objects of page paths: {pk} by the page's collection.
PAGE_OBJECTS = {
    "/pipelines/": "pipeline",
    "/executions/": "execution",
    "/connections/": "connection",
    "/backfills/": "backfill",
}

# ----------------------------------------------------------------------------------------------------------
# The Django admin: one family. Every admin route is staff-only by Django itself (AdminSite.admin_view);
# the test opens the index and, for every registered model, its change list and the change page of one
# object of the world when there is one. Anyone but staff is sent to the admin's sign-in page.
# ----------------------------------------------------------------------------------------------------------

ADMIN_FAMILY = Entry("admin admin admin admin admin ok")
ADMIN_OBJECTS = {  # model label -> World attribute opened on its change page
    "pipelines.pipeline": "pipeline",
    "pipelines.connection": "connection",
    "pipelines.pipelinetemplate": "template",
    "executions.execution": "execution",
    "monitoring.alertrule": "alert_rule",
    "monitoring.alert": "alert",
    "notifications.pipelinesubscription": "subscription",
    "notifications.notification": "notification",
    "accounts.apitoken": "api_token",
}

# ----------------------------------------------------------------------------------------------------------
# Events: GET /api/events/?topic=… and the WebSocket /ws/events/ subscribe, per topic. ``ok`` is a 200 (a
# "subscribed" over the socket), 404 a refusal (a "forbidden" error over the socket), 401 not signed in
# (the socket answers "unauthenticated").
# ----------------------------------------------------------------------------------------------------------

WEBSOCKET_ROUTES = ("/ws/events/",)  # every socket route; its cells are the topics below

EVENTS: dict[str, Entry] = {
    "pipeline:{pipeline}": Entry("401 ok 404 404 ok ok"),
    "pipeline:{private}": Entry("401 404 404 404 ok ok"),
    "execution:{execution}": Entry("401 ok 404 404 ok ok"),
    "execution:{private_execution}": Entry("401 404 404 404 ok ok"),
    "dashboard": Entry(
        "401 ok ok ok ok ok",
        leaks=(("private_slug", OWNER_ADMIN), ("pipeline_slug", SEERS_SHARED)),
        note="Everyone signed in hears the dashboard, but only of the pipelines they may see.",
    ),
    "metrics:system": Entry("401 ok ok ok ok ok"),
    "user:{owner}": Entry(
        "401 404 404 404 ok 404", note="A user's own notifications: nobody else's, an admin's neither."
    ),
    "git:{git_repository}": Entry("401 404 404 404 ok ok", note="A repository's syncs: its owner's and the admins'."),
    "report:{report}": Entry("401 ok 404 404 ok ok", note="A report's deliveries: whoever may read the report."),
}

# ----------------------------------------------------------------------------------------------------------
# Variants: the same routes asked as an attacker would, naming the owner's objects in the query or the body
# (filters, prefixes, references). Not routes of their own, so not part of the coverage check; each must
# answer as the entry says and leak nothing. "{name}" in the query is the pk of World.<name>.
# ----------------------------------------------------------------------------------------------------------


def _connection_graph(world, files):
    """A graph whose source uses the owner's connection by its slug."""
    return {
        "graph": {
            "nodes": [
                {
                    "key": "src",
                    "type": "source.database",
                    "config": {"connection": world.connection.slug, "table": "orders"},
                }
            ],
            "edges": [],
        }
    }


VARIANTS: dict[str, Entry] = {
    "POST /pipelines/import/apply/ <a document with the slug of the owner's pipeline>": Entry(
        "login 403 400 400 ok ok",
        body=lambda w, f: _import_page_body(w, f, slug=w.pipeline.slug),
        note="The page shows the refusal (the slug is taken) and changes nothing.",
    ),
    "POST /api/pipelines/import/ <a document with the slug of the owner's pipeline>": Entry(
        "401 403 400 400 ok ok",
        body=lambda w, f: _import_body(w, f, slug=w.pipeline.slug),
        note="Only those who may change a pipeline update it by import; for others the slug is taken (a 400 "
        "on metadata.slug, as when creating a pipeline with a taken slug), never overwritten.",
    ),
    "GET /api/executions/?pipeline={private}": Entry(
        "401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),), note="A filter is no way around visibility."
    ),
    "GET /api/pipelines/?owner=<the owner>": Entry(
        "401 ok ok ok ok ok",
        query=lambda w: {"owner": w.owner.username},
        leaks=(("private", OWNER_ADMIN), ("pipeline", SEERS_SHARED)),
    ),
    "GET /api/monitoring/stages/?pipeline={private}": Entry(
        "401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)
    ),
    "GET /api/monitoring/exports/executions/?pipeline={private}": Entry(
        "401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)
    ),
    "GET /api/monitoring/exports/stages/?pipeline={private}": Entry(
        "401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)
    ),
    "GET /api/quality/results/?pipeline={private}": Entry(
        "401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),), note="A filter is no way around visibility."
    ),
    "GET /api/quality/summary/?pipeline={private}": Entry("401 404 404 404 ok ok"),
    "GET /api/quality/issues/?pipeline={private}": Entry("401 ok ok ok ok ok", leaks=(("private_slug", OWNER_ADMIN),)),
    "GET /api/alerts/?rule={alert_rule}": Entry("401 ok ok ok ok ok", leaks=(("alert", OWNER_ADMIN),)),
    "GET /api/files/?prefix=uploads/<the owner's area>/": Entry(
        "401 ok ok ok ok ok",
        query=lambda w: {"prefix": f"uploads/{w.owner.pk}/"},
        leaks=(("file", OWNER_ADMIN),),
    ),
    "GET /api/events/?topic=dashboard&type=execution.failed": Entry(
        "401 ok ok ok ok ok",
        query={"topic": "dashboard", "type": "execution.failed"},
        leaks=(("private_slug", OWNER_ADMIN), ("pipeline_slug", SEERS_SHARED)),
    ),
    "POST /api/validate/ <a graph using the owner's connection>": Entry(
        "401 ok ok ok ok ok",
        body=_connection_graph,
        leaks=(("secret", ""),),
        note="A 200 with the problem for those who may not use it; never its secret.",
    ),
    # A connection shared with the editor's and the operator's group: they see it and use it (test it), only
    # its owner or an admin changes it (a new host with the stored password would send the password there).
    "GET /api/connections/{id}/ <shared with the team>": Entry(
        "401 ok ok ok ok ok", objects={"id": "team_connection"}, leaks=(("secret", ""),)
    ),
    "PATCH /api/connections/{id}/ <shared with the team: a new host>": Entry(
        "401 403 403 403 ok ok",
        objects={"id": "team_connection"},
        body={"config": {"host": "elsewhere.example", "port": 5432, "database": "mx", "user": "mx"}},
    ),
    "PUT /api/connections/{id}/ <shared with the team>": Entry(
        "401 403 403 403 ok ok", objects={"id": "team_connection"}, body=_connection_body
    ),
    "DELETE /api/connections/{id}/ <shared with the team>": Entry(
        "401 403 403 403 ok ok", objects={"id": "team_connection"}
    ),
    "POST /api/connections/{id}/test/ <shared with the team>": Entry(
        "401 403 ok ok ok ok", objects={"id": "team_connection"}, body={}, leaks=(("secret", ""),)
    ),
    "GET /connections/{pk}/edit/ <shared with the team>": Entry(
        "login 403 403 403 ok ok", objects={"pk": "team_connection"}
    ),
    "POST /connections/{pk}/edit/ <shared with the team>": Entry(
        "login 403 403 403 ok ok", objects={"pk": "team_connection"}, body=PAGE_CONNECTION
    ),
    "POST /connections/{pk}/delete/ <shared with the team>": Entry(
        "login 403 403 403 ok ok", objects={"pk": "team_connection"}
    ),
    # A built-in template: everyone reads it, editors apply it, nobody changes it here (the Django admin may).
    "GET /api/templates/{id}/ <built-in>": Entry("401 ok ok ok ok ok", objects={"id": "builtin_template"}),
    "PUT /api/templates/{id}/ <built-in>": Entry(
        "401 403 403 403 403 403", objects={"id": "builtin_template"}, body=_template_body
    ),
    "PATCH /api/templates/{id}/ <built-in>": Entry(
        "401 403 403 403 403 403", objects={"id": "builtin_template"}, body={"description": "patched"}
    ),
    "DELETE /api/templates/{id}/ <built-in>": Entry("401 403 403 403 403 403", objects={"id": "builtin_template"}),
    "POST /api/templates/{id}/apply/ <built-in>": Entry(
        "401 403 ok ok ok ok", objects={"id": "builtin_template"}, body={"name": "mx applied built-in"}
    ),
    "POST /templates/{pk}/delete/ <built-in>": Entry("login 403 403 403 403 403", objects={"pk": "builtin_template"}),
    # Lifting the SSRF guard of an HTTP connection needs an admin (or ALLOW_PRIVATE_NETWORK_SOURCES, off here).
    "POST /api/connections/ <HTTP, allow_private_network>": Entry(
        "401 403 403 403 403 ok",
        body={
            "name": "mx loopback api",
            "kind": "http",
            "config": {"base_url": "http://127.0.0.1:9/", "allow_private_network": True},
        },
    ),
    # The same guard on a Spark connection's host (pipelines/connectors/spark.py).
    "POST /api/connections/ <Spark, allow_private_network>": Entry(
        "401 403 403 403 403 ok",
        body={
            "name": "mx loopback spark",
            "kind": "spark",
            "config": {"url": "sc://127.0.0.1:9", "allow_private_network": True},
        },
    ),
    "POST /api/ci/github-actions/ <runs the private pipeline>": Entry(
        "401 400 400 400 ok ok",
        body=lambda w, f: {"deploy": True, "pipelines": [w.private.slug]},
        note="A workflow is no way to learn that a pipeline exists.",
    ),
    "GET /monitoring/?pipeline={private}": Entry(
        "login ok ok ok ok ok",
        leaks=(("private", OWNER_ADMIN),),
        note="Not a choice for those who may not see it: the filter form says so, nothing of it is shown.",
    ),
    "GET /executions/?pipeline={private}": Entry("login ok ok ok ok ok", leaks=(("private", OWNER_ADMIN),)),
}
