"""The generated GitHub Actions workflow: its shape, and user strings that never break out of YAML, the shell
lines or into GitHub expressions (pipelines/cicd/)."""

from __future__ import annotations

import re

import pytest
import yaml
from pydantic import ValidationError

from pipelines.cicd.github import ACTIONS, github_workflow, suggested_path
from tests.cicd.workflows import ALLOWED_EXPRESSIONS, HOSTILE, MATRIX, options, run_steps


def test_defaults_check_the_documents_on_push_and_pull_request():
    opts = options()
    workflow = yaml.safe_load(github_workflow(opts))
    assert suggested_path(opts) == ".github/workflows/sluice.yml"
    assert workflow["permissions"] == {"contents": "read"}
    assert "concurrency" in workflow
    on = workflow[True]  # a plain `on:` key: YAML 1.1 loaders read it as True, GitHub as "on"
    assert on["push"] == {"branches": ["main"], "paths": ["pipelines/**", ".github/workflows/sluice.yml"]}
    assert on["pull_request"] == {"paths": ["pipelines/**", ".github/workflows/sluice.yml"]}
    assert "schedule" not in on
    assert list(workflow["jobs"]) == ["check"]
    scripts = [script for _, _, script in run_steps(github_workflow(opts))]
    assert any(s == 'sluice pipelines validate "$SLUICE_DOCUMENTS"\n' for s in scripts)
    assert any('sluice pipelines test "$SLUICE_DOCUMENTS" --junit "sluice-junit.xml"' in s for s in scripts)
    uploads = [s for s in workflow["jobs"]["check"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "sluice-junit.xml"


def test_deploy_job_applies_then_runs_the_pipelines_on_the_main_branch_only():
    opts = options(deploy=True, pipelines=["orders-daily", "load_customers"], branch="trunk", environment="prod")
    deploy = yaml.safe_load(github_workflow(opts))["jobs"]["deploy"]
    assert deploy["needs"] == "check"
    assert deploy["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/trunk'"
    assert deploy["environment"] == "prod"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    runs = [s for s in deploy["steps"] if "run" in s]
    assert runs[1]["run"] == 'sluice pipelines apply "$SLUICE_DOCUMENTS" --as-version\n'
    assert [s["env"]["SLUICE_PIPELINE"] for s in runs[2:]] == ["orders-daily", "load_customers"]
    assert all(s["run"] == 'sluice run "$SLUICE_PIPELINE" --wait\n' for s in runs[2:])


def test_secrets_are_references_and_only_steps_that_talk_to_the_server_get_them():
    text = github_workflow(options(deploy=True, pipelines=["a"]))
    document = yaml.safe_load(text)
    assert "SLUICE_TOKEN" not in document["env"]
    for job in document["jobs"].values():
        for step in job["steps"]:
            env = step.get("env", {})
            if "uses" in step:  # third-party actions never see the token
                assert "SLUICE_TOKEN" not in env
            if "SLUICE_TOKEN" in env:
                assert env["SLUICE_TOKEN"] == "${{ secrets.SLUICE_TOKEN }}"
                assert env["SLUICE_URL"] == "${{ vars.SLUICE_URL }}"


def test_actions_are_pinned_to_commits():
    text = github_workflow(options(deploy=True))
    uses = re.findall(r"uses: (\S+)", text)
    assert uses and set(uses) <= {pinned for pinned, _ in ACTIONS.values()}
    assert all(re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", u) for u in uses)


def test_offline_validation_needs_no_server():
    text = github_workflow(options(validate_mode="offline", tests=False, client_source="path"))
    assert "SLUICE_TOKEN" not in text and "SLUICE_URL" not in text
    assert "no variables or secrets to set" in text
    assert 'sluice pipelines validate "$SLUICE_DOCUMENTS" --offline' in text


def test_schedule_and_client_sources():
    document = yaml.safe_load(github_workflow(options(schedule="0 3 * * 1")))
    assert document[True]["schedule"] == [{"cron": "0 3 * * 1"}]
    path = github_workflow(options(client_source="path", client_path="tools/client"))
    assert 'python -m pip install "./$SLUICE_CLIENT_PATH"' in path and "SLUICE_CLIENT_PATH: tools/client" in path
    index = github_workflow(options(client_source="index", client_index_url="https://i.example/simple/"))
    assert '--index-url "$SLUICE_CLIENT_INDEX"' in index


@pytest.mark.parametrize("name", list(MATRIX))
def test_every_expression_is_a_known_reference(name):
    text = github_workflow(options(**MATRIX[name]))
    for expression in re.findall(r"\$\{\{.*?\}\}", text):
        assert ALLOWED_EXPRESSIONS.match(expression), expression
    # run lines name no user string: they read them from env as "$VAR"
    for _, step, script in run_steps(text):
        for value in step.get("env", {}).values():
            if not value.startswith("${{") and value:
                assert value not in script, (value, script)


@pytest.mark.parametrize("field", ["folder", "client_path", "branch", "workflow_file"])
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_paths_and_branches_are_refused(field, value):
    with pytest.raises(ValidationError):
        options(**{field: value}, client_source="path")


@pytest.mark.parametrize("field", ["name", "environment"])
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_titles_are_refused_or_stay_a_plain_yaml_string(field, value):
    """Titles may hold spaces and some punctuation; what is accepted is one YAML string, never an expression."""
    try:
        opts = options(**{field: value}, deploy=True)
    except ValidationError:
        return
    assert not set(value) & set("${}'\"`\\\n\x00")
    document = yaml.safe_load(github_workflow(opts))
    found = document["name"] if field == "name" else document["jobs"]["deploy"]["environment"]
    assert found == value.strip()
    assert list(document["jobs"]) == ["check", "deploy"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_slugs_schedules_and_names_are_refused(value):
    with pytest.raises(ValidationError):
        options(deploy=True, pipelines=[value])
    with pytest.raises(ValidationError):
        options(schedule=value)
    with pytest.raises(ValidationError):
        options(token_secret=value)
    with pytest.raises(ValidationError):
        options(url_variable=value)
    with pytest.raises(ValidationError):
        options(client_source="index", client_index_url="https://i.example/simple/", client_version=value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("folder", "../elsewhere"),
        ("folder", "pipelines/../../etc"),
        ("folder", "/etc"),
        ("folder", "."),
        ("folder", ""),
        ("folder", "a//b"),
        ("branch", "a..b"),
        ("branch", "feature/.hidden"),
        ("branch", "release.lock"),
        ("branch", "main/"),
        ("branch", "ma*in"),
        ("branch", "ma?in"),
        ("branch", "ma[i]n"),
        ("branch", "@{-1}"),
        ("schedule", "* * * * *"),  # GitHub's shortest interval is five minutes
        ("schedule", "*/2 * * * *"),
        ("schedule", "0 3 * *"),
        ("schedule", "@daily"),
        ("schedule", "61 3 * * *"),
        ("token_secret", "GITHUB_TOKEN"),
        ("url_variable", "1URL"),
        ("client_index_url", "http://pypi.example.com/simple/"),
        ("client_index_url", "https://user:pw@pypi.example.com/simple/"),
        ("python_version", "3.9"),
        ("runner", "self-hosted"),
        ("timeout_minutes", 0),
        ("unknown_option", True),
    ],
)
def test_invalid_options_are_refused(field, value):
    with pytest.raises(ValidationError):
        options(**{field: value})


def test_consistency_rules():
    with pytest.raises(ValidationError, match="needs deploy"):
        options(pipelines=["a"])
    with pytest.raises(ValidationError, match="client_index_url"):
        options(client_source="index")


@pytest.mark.parametrize(
    ("field", "value", "clean"),
    [
        ("folder", "pipelines/", "pipelines"),
        ("folder", " docs/pipelines ", "docs/pipelines"),
        ("branch", "refs/heads/main", "main"),
        ("branch", "release/2026.1", "release/2026.1"),
        ("schedule", "0  3 * * 1-5", "0 3 * * 1-5"),
        ("environment", "", None),
    ],
)
def test_options_are_normalised(field, value, clean):
    assert getattr(options(**{field: value}), field) == clean


def test_slugs_are_deduplicated_in_order():
    assert options(deploy=True, pipelines=["b", "a", "b"]).pipelines == ["b", "a"]
