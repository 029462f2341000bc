"""Generated options (Hypothesis): whatever a client sends, the generator either refuses it with field errors or
writes a workflow whose `run:` lines are one of its fixed scripts and whose only expressions are known references,
so no option can put code into a shell line or a `${{ }}` expression."""

from __future__ import annotations

import re

import yaml
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.cicd.generate import workflow_options
from pipelines.cicd.github import github_workflow
from pipelines.cicd.options import WorkflowOptions
from tests.cicd.workflows import ALLOWED_EXPRESSIONS, HOSTILE, run_steps

# Every run script the generator may write; user choices reach them only through env.
SCRIPTS = {
    'curl --fail --silent --show-error --location --retry 3 --header "Authorization: Bearer $SLUICE_TOKEN" \\\n'
    '  --output "$RUNNER_TEMP/sluice-client.tar.gz" "${SLUICE_URL%/}/api/client/python/"\n'
    'python -m pip install "$RUNNER_TEMP/sluice-client.tar.gz"\n',
    'python -m pip install "./$SLUICE_CLIENT_PATH"\n',
    'python -m pip install --index-url "$SLUICE_CLIENT_INDEX" '
    '"sluice-client${SLUICE_CLIENT_VERSION:+==$SLUICE_CLIENT_VERSION}"\n',
    'sluice pipelines validate "$SLUICE_DOCUMENTS"\n',
    'sluice pipelines validate "$SLUICE_DOCUMENTS" --offline\n',
    'sluice pipelines test "$SLUICE_DOCUMENTS" --junit "sluice-junit.xml"\n',
    'sluice pipelines apply "$SLUICE_DOCUMENTS" --as-version\n',
    'sluice run "$SLUICE_PIPELINE" --wait\n',
}
FIELDS = list(WorkflowOptions.model_fields)
NICE = {
    "folder": st.sampled_from(["pipelines", "a/b.c/d_e-f", "2026"]),
    "branch": st.sampled_from(["main", "release/1.0", "refs/heads/trunk"]),
    "client_source": st.sampled_from(["server", "path", "index"]),
    "client_index_url": st.sampled_from(["https://i.example/simple/", None]),
    "validate_mode": st.sampled_from(["server", "offline"]),
    "url_from": st.sampled_from(["vars", "secrets"]),
    "schedule": st.sampled_from(["0 3 * * 1", "*/15 * * * *", None]),
}
strings = st.one_of(
    st.sampled_from(HOSTILE), st.text(max_size=40), st.from_regex(r"[A-Za-z0-9 ._/-]{1,20}", fullmatch=True)
)
scalar = st.one_of(strings, st.booleans(), st.integers(-5, 500), st.none(), st.floats(allow_nan=True))
value = st.one_of(scalar, st.lists(scalar, max_size=4), st.dictionaries(strings, scalar, max_size=2))


@st.composite
def bodies(draw) -> dict:
    body = {}
    for name in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=8)):
        body[name] = draw(NICE[name] if name in NICE and draw(st.integers(0, 4)) else value)
    if draw(st.booleans()):
        body["pipelines"] = draw(st.lists(st.one_of(strings, st.sampled_from(["orders", "a_b-c"])), max_size=3))
        body["deploy"] = True
    return body


@settings(max_examples=400, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(bodies())
def test_any_body_is_refused_or_safe(body):
    try:
        options = workflow_options(body)
    except ValidationError as exc:
        assert exc.message_dict  # refused with field messages
        return
    workflow = github_workflow(options)
    document = yaml.safe_load(workflow)
    assert document["permissions"] == {"contents": "read"}
    for expression in re.findall(r"\$\{\{.*?\}\}", workflow, flags=re.S):
        assert ALLOWED_EXPRESSIONS.match(expression), expression
    for _, step, script in run_steps(workflow):
        assert script in SCRIPTS, script
        for key, env_value in step.get("env", {}).items():
            assert isinstance(env_value, str) and "\n" not in env_value, (key, env_value)
    runs = [
        step["env"]["SLUICE_PIPELINE"] for _, step, _ in run_steps(workflow) if "SLUICE_PIPELINE" in step.get("env", {})
    ]
    assert runs == options.pipelines
