"""Schemathesis against a live daphne: every operation of /api/schema/, as several users, no 5xx, no schema lie.

What runs: the OpenAPI document is read from the server itself, and every operation in it is fuzzed
through schemathesis' pytest integration (its example and fuzzing phases, positive and negative data;
``FUZZ_EXAMPLES`` generated cases per operation, derandomized and without a Hypothesis database so a
run is reproducible, not shrunk so a failing run stays short) once per user in ``FUZZ_ROLES``, each
signed in with a JWT bearer token from ``/api/auth/token/``. Path parameters are drawn half of the time
from objects seeded for two owners (pipelines, versions, executions and their steps, connections,
templates, dependencies, subscriptions, alert rules and alerts), so the cases reach real objects, the
user's own and another user's, and not only 404s. The checks: no 5xx (but a 503 the operation
documents: the interactive pool's deadline, which names the limit), the response matches the
documented schema for its status, and the status is one the operation documents.

Nothing is excluded. Destructive operations (DELETE) are aimed at objects seeded for them alone, so
the objects the other operations aim at stay. Runs started by the fuzzer go to an in-memory broker in
the server process and never run: the fuzzer tests the API, not the engine, and a rule it creates can
never fire a webhook. The server gets high lockout limits from its environment (the fuzzer signs in
with made-up names from 127.0.0.1) and the test mode's high throttle rates.

The figures (operations, cases, users, time, slowest operations) are printed at the end (``-s``).
"""

from __future__ import annotations

import os
import time
from collections import Counter

import polars as pl
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance
from schemathesis.transport.requests import binary_serializer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Who the cases are sent as, and how many generated cases per operation (at least; schemathesis adds the
# schema's examples). The suite's defaults keep it within a few minutes; a deeper run, e.g.
# SLUICE_FUZZ_ROLES=admin,operator,editor,viewer SLUICE_FUZZ_EXAMPLES=200, takes the same test.
FUZZ_ROLES = tuple(os.environ.get("SLUICE_FUZZ_ROLES", "admin,operator").split(","))
FUZZ_EXAMPLES = int(os.environ.get("SLUICE_FUZZ_EXAMPLES", "15"))


def no_server_error(ctx, response, case):
    """Any 5xx fails, but a 503 the operation documents: the interactive pool's deadline or queue
    limit (pipelines/interactive.py), a designed answer that names the limit."""
    if response.status_code == 503 and "503" in case.operation.definition.raw.get("responses", {}):
        assert response.json()["detail"], "a 503 must say which limit was hit"
        return None
    return not_a_server_error(ctx, response, case)


CHECKS = [no_server_error, response_schema_conformance, status_code_conformance]
# More of schemathesis' checks by name for a deeper run, e.g. SLUICE_FUZZ_EXTRA_CHECKS=negative_data_rejection.
schemathesis.checks.load_all_checks()
CHECKS += [
    getattr(schemathesis.checks, name) for name in os.environ.get("SLUICE_FUZZ_EXTRA_CHECKS", "").split(",") if name
]
# The resumable upload's chunks (PUT /api/files/uploads/{id}/) are raw bytes.
schemathesis.serializer("application/offset+octet-stream")(binary_serializer)
PASSWORD = "fuzz-pass-word-123"

# What each path parameter names, by the collection its path starts with.
PATH_KINDS = {
    "/api/pipelines/": "pipeline",
    "/api/executions/": "execution",
    "/api/templates/": "template",
    "/api/connections/": "connection",
    "/api/dependencies/": "dependency",
    "/api/subscriptions/": "subscription",
    "/api/alert-rules/": "alert_rule",
    "/api/alerts/": "alert",
    "/api/monitoring/stages/": "pipeline",
}

STATS: Counter = Counter()  # cases per (user, operation), answers per status class
SECONDS: Counter = Counter()  # time spent per operation


@pytest.fixture(autouse=True)
def _isolated_dirs(settings, fuzz_dirs):
    """The server reads the artifacts and files this process seeds: one pair of directories for both."""
    settings.DATA_ROOT = fuzz_dirs / "data"
    settings.ARTIFACTS_DIR = str(fuzz_dirs / "artifacts")


# --- seed ---------------------------------------------------------------------------------------------


def _graph(out: str) -> dict:
    return {
        "nodes": [
            {"key": "src", "type": "source.file", "config": {"path": "fuzz.csv"}, "position": {"x": 0, "y": 0}},
            {
                "key": "keep",
                "type": "transform.filter",
                "config": {"condition": "amount > 0"},
                "position": {"x": 200, "y": 0},
            },
            {
                "key": "dst",
                "type": "destination.file",
                "config": {"path": f"out/{out}.csv", "format": "csv"},
                "position": {"x": 400, "y": 0},
            },
        ],
        "edges": [
            {"source": "src", "source_port": "out", "target": "keep", "target_port": "in"},
            {"source": "keep", "source_port": "out", "target": "dst", "target_port": "in"},
        ],
    }


def _seed_owner(owner, tag: str, ids: dict[str, list]) -> None:
    """One owner's objects: the ones every operation aims at, and a second set only DELETEs aim at."""
    from executions import executors
    from executions.services import execution_start
    from executions.services.dependencies import dependency_create
    from monitoring.services.alerts import alert_fire, alert_rule_save
    from notifications.services import notification_create, subscription_create
    from pipelines import files, services
    from pipelines.graph import parse_graph_document
    from pipelines.services.templates import template_create

    def pipeline(name):
        p = services.pipeline_create(user=owner, name=name, graph=parse_graph_document(_graph(name)))
        services.pipeline_version_create(pipeline=p, user=owner)
        p.refresh_from_db()
        return p

    main = pipeline(f"fuzz {tag}")
    # A second version (the diff endpoint), then one real run of it (previews read its artifacts).
    changed = _graph(f"fuzz {tag}")
    changed["nodes"][1]["config"]["condition"] = "amount > 1"
    services.pipeline_graph_set(pipeline=main, user=owner, graph=parse_graph_document(changed))
    services.pipeline_version_create(pipeline=main, user=owner)
    main.refresh_from_db()
    execution = execution_start(pipeline=main, user=owner)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == "succeeded", execution.error
    downstream = pipeline(f"fuzz {tag} downstream")
    doomed = pipeline(f"fuzz {tag} doomed")
    ids["pipeline"] += [main.pk, downstream.pk]
    ids["pipeline_doomed"] += [doomed.pk]
    ids["execution"] += [execution.pk]
    ids["dependency"] += [dependency_create(upstream=main, downstream=downstream, user=owner).pk]
    ids["dependency_doomed"] += [dependency_create(upstream=downstream, downstream=doomed, user=owner).pk]
    for kind in ("connection", "connection_doomed"):
        connection = services.connection_create(
            user=owner,
            name=f"{kind} {tag}",
            kind="postgresql",
            config={"host": "127.0.0.1", "port": 5432, "database": "fuzz", "user": "fuzz"},
        )
        ids[kind] += [connection.pk]
    for kind in ("template", "template_doomed"):
        ids[kind] += [template_create(user=owner, name=f"{kind} {tag}", graph=_graph(f"{kind}-{tag}")).pk]
    ids["subscription"] += [subscription_create(user=owner, topic=f"pipeline:{main.pk}").pk]
    ids["subscription_doomed"] += [subscription_create(user=owner, topic=f"pipeline:{downstream.pk}").pk]
    for kind in ("alert_rule", "alert_rule_doomed"):
        rule = alert_rule_save(
            recipients=[owner], name=f"{kind} {tag}", kind="execution_failed", pipeline=main, channels=["in_app"]
        )
        ids[kind] += [rule.pk]
        ids["alert"] += [alert_fire(rule=rule, subject=f"pipeline:{main.pk}", message="seeded").pk]
    notification_create(user=owner, title=f"seeded for {tag}")
    ids["upload"] += [files.upload_start(user=owner, filename=f"{tag}.csv", size=64)["upload_id"]]


@pytest.fixture(params=FUZZ_ROLES)
def fuzz_user(request, settings, fuzz_server, fuzz_dirs):
    """The user the cases are sent as, with seeded objects of their own and of another user."""
    from tests import factories

    role = request.param
    settings.SLUICE_EXECUTOR = "inline"  # the seeded run, in this process, before the server sees anything
    pl.DataFrame({"id": [1, 2, 3], "amount": [5.0, -1.0, 7.5]}).write_csv(fuzz_dirs / "data" / "fuzz.csv")
    if role == "admin":
        user = factories.UserFactory(username="fuzz-admin", is_staff=True)
    else:
        user = factories.UserFactory(username=f"fuzz-{role}", role=role)
    user.set_password(PASSWORD)
    user.save()
    other = factories.UserFactory(username="fuzz-other", role="operator")
    ids: dict[str, list] = {k: [] for k in ("number", "node_key", "node_type", "upload")}
    for name in PATH_KINDS.values():
        ids.setdefault(name, [])
        ids.setdefault(f"{name}_doomed", [])
    # A viewer cannot own anything: the second half of the seed then belongs to an editor (not shared).
    owners = [(other, "other"), (user if role != "viewer" else factories.UserFactory(role="editor"), role)]
    for owner, tag in owners:
        _seed_owner(owner, tag, ids)
    from pipelines.nodes import registry

    ids["number"] = [1, 2]
    ids["node_key"] = ["src", "keep", "dst"]
    ids["node_type"] = sorted(t.key for t in registry.all_types())
    response = requests.post(
        f"{fuzz_server['base']}/api/auth/token/", json={"username": user.username, "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 200, response.text
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {response.json()['access']}"
    return {"role": role, "ids": ids, "session": session, "server": fuzz_server}


@pytest.fixture
def fuzz_schema(fuzz_user):
    config = schemathesis.Config()
    schema = schemathesis.openapi.from_url(f"{fuzz_user['server']['base']}/api/schema/", config=config)
    schema.config.base_url = fuzz_user["server"]["base"]
    return schema


schema = schemathesis.pytest.from_fixture("fuzz_schema")


@pytest.fixture(autouse=True)
def _nodeid_for_schemathesis(request):
    """schemathesis 4.32 renames the item per operation through ``_nodeid``, which pytest 9.2 no longer has."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


def _aim(case, data, ids: dict[str, list]) -> None:
    """Point the case's path parameters at seeded objects half of the time."""
    if not case.path_parameters or not data.draw(st.booleans(), label="aim at a seeded object"):
        return
    path = case.operation.path
    kind = next((k for prefix, k in PATH_KINDS.items() if path.startswith(prefix)), None)
    if case.method.upper() == "DELETE" and kind:
        kind = f"{kind}_doomed"
    for name in list(case.path_parameters):
        choices = {
            "id": ids.get(kind or "", []),
            "pipeline_id": ids["pipeline"],
            "number": ids["number"],
            "node_key": ids["node_key"],
            "key": ids["node_type"],
            "upload_id": ids["upload"],
        }.get(name) or []
        if choices:
            case.path_parameters[name] = data.draw(st.sampled_from(choices), label=name)


@schema.parametrize()
@schema.given(data=st.data())
@settings(
    max_examples=FUZZ_EXAMPLES,
    database=None,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_fuzz(case, data, fuzz_user):
    _aim(case, data, fuzz_user["ids"])
    operation = f"{case.method.upper()} {case.operation.path}"
    started = time.monotonic()
    response = case.call(session=fuzz_user["session"], timeout=60)
    SECONDS[operation] += time.monotonic() - started
    STATS[(fuzz_user["role"], operation)] += 1
    STATS[f"{response.status_code // 100}xx"] += 1
    case.validate_response(response, checks=CHECKS)


@pytest.fixture(scope="module", autouse=True)
def _report():
    """Print the figures: operations, cases, users, time, the slowest operations."""
    started = time.monotonic()
    yield
    per_op = {k: v for k, v in STATS.items() if isinstance(k, tuple)}
    operations = {op for _, op in per_op}
    users = sorted({user for user, _ in per_op})
    slowest = ", ".join(f"{op} {s:.0f}s" for op, s in SECONDS.most_common(5))
    answers = dict(sorted((k, v) for k, v in STATS.items() if isinstance(k, str)))
    print(
        f"\nschemathesis: {len(operations)} operations, {sum(per_op.values())} cases, users {users}, "
        f"cases per operation and user {min(per_op.values(), default=0)}-{max(per_op.values(), default=0)}, "
        f"{time.monotonic() - started:.0f} s; answers {answers}; "
        f"slowest: {slowest}"
    )
