"""A GitHub Actions workflow that validates, tests and (optionally) deploys the pipeline documents of a repository.

``github_workflow(options)`` is pure: it builds the workflow as a dict and dumps it as YAML. The strings the user
chose (folder, slugs, branch, names) were held to safe alphabets by ``WorkflowOptions``; on top of that they reach
the workflow only as YAML scalars (quoted by the dumper) and ``env:`` values, which the ``run:`` lines read as
``"$VAR"`` — never spliced into a shell line or an expression, except the branch in the deploy job's ``if:``, whose
alphabet has no quote. Secrets and the server's URL are references (``${{ secrets.X }}``, ``${{ vars.X }}``),
never values. Actions are pinned to full commit SHAs (the tag in a comment).
"""

from __future__ import annotations

from typing import Any

import yaml

from pipelines.cicd.options import WorkflowOptions

# Actions, pinned by commit (tags move; a commit does not). Update all three together.
ACTIONS = {
    "checkout": ("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "setup-python": ("actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0"),
    "upload-artifact": ("actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"),
}
WORKFLOWS_DIR = ".github/workflows"
JUNIT_FILE = "sluice-junit.xml"
CLIENT_PACKAGE = "sluice-client"


class _Dumper(yaml.SafeDumper):
    """Block style, no anchors, multi-line strings (the run scripts) as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)  # list items indented under their key


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def suggested_path(options: WorkflowOptions) -> str:
    return f"{WORKFLOWS_DIR}/{options.workflow_file}"


def _server_env(options: WorkflowOptions) -> dict[str, str]:
    """The server's URL and the token, given only to the steps that talk to the server (never to the actions)."""
    return {
        "SLUICE_URL": f"${{{{ {options.url_from}.{options.url_variable} }}}}",
        "SLUICE_TOKEN": f"${{{{ secrets.{options.token_secret} }}}}",
    }


def _install_step(options: WorkflowOptions) -> dict[str, Any]:
    if options.client_source == "server":
        # The server serves its own client as a source archive (GET /api/client/python/, any API token).
        script = (
            'curl --fail --silent --show-error --location --retry 3 --header "Authorization: Bearer $SLUICE_TOKEN" \\\n'
            '  --output "$RUNNER_TEMP/sluice-client.tar.gz" "${SLUICE_URL%/}/api/client/python/"\n'
            'python -m pip install "$RUNNER_TEMP/sluice-client.tar.gz"\n'
        )
        env = _server_env(options)
    elif options.client_source == "path":
        script = 'python -m pip install "./$SLUICE_CLIENT_PATH"\n'
        env = {"SLUICE_CLIENT_PATH": options.client_path}
    else:
        script = (
            f'python -m pip install --index-url "$SLUICE_CLIENT_INDEX" '
            f'"{CLIENT_PACKAGE}${{SLUICE_CLIENT_VERSION:+==$SLUICE_CLIENT_VERSION}}"\n'
        )
        env = {"SLUICE_CLIENT_INDEX": options.client_index_url, "SLUICE_CLIENT_VERSION": options.client_version or ""}
    step: dict[str, Any] = {"name": "Install the Sluice client"}
    if env:
        step["env"] = env
    step["run"] = script
    return step


def _setup_steps(options: WorkflowOptions) -> list[dict[str, Any]]:
    return [
        {"name": "Check out the repository", "uses": ACTIONS["checkout"][0], "with": {"persist-credentials": False}},
        {
            "name": "Set up Python",
            "uses": ACTIONS["setup-python"][0],
            "with": {"python-version": options.python_version},
        },
        _install_step(options),
    ]


def _check_job(options: WorkflowOptions) -> dict[str, Any]:
    offline = " --offline" if options.validate_mode == "offline" else ""
    steps = [
        *_setup_steps(options),
        {
            "name": "Validate the pipeline documents" + (" (offline)" if offline else " against the server"),
            **({} if offline else {"env": _server_env(options)}),
            "run": f'sluice pipelines validate "$SLUICE_DOCUMENTS"{offline}\n',
        },
    ]
    if options.tests:
        steps += [
            {
                "name": "Run the pipeline tests",
                "env": _server_env(options),
                "run": f'sluice pipelines test "$SLUICE_DOCUMENTS" --junit "{JUNIT_FILE}"\n',
            },
            {
                "name": "Keep the test report (JUnit XML)",
                "if": "${{ !cancelled() }}",
                "uses": ACTIONS["upload-artifact"][0],
                "with": {"name": "sluice-junit", "path": JUNIT_FILE, "if-no-files-found": "warn"},
            },
        ]
    return {
        "name": "Validate and test the pipelines" if options.tests else "Validate the pipelines",
        "runs-on": options.runner,
        "timeout-minutes": options.timeout_minutes,
        "steps": steps,
    }


def _deploy_job(options: WorkflowOptions) -> dict[str, Any]:
    steps = [
        *_setup_steps(options),
        {
            "name": "Apply the documents as new versions",
            "env": _server_env(options),
            "run": 'sluice pipelines apply "$SLUICE_DOCUMENTS" --as-version\n',
        },
    ]
    for slug in options.pipelines:
        steps.append(
            {
                "name": f"Run {slug} and wait for its result",
                "env": {**_server_env(options), "SLUICE_PIPELINE": slug},
                "run": 'sluice run "$SLUICE_PIPELINE" --wait\n',
            }
        )
    job: dict[str, Any] = {
        "name": "Deploy to Sluice" + (" and run" if options.pipelines else ""),
        "needs": "check",
        # Pushes, schedules and manual runs of the main branch; never a pull request.
        "if": f"github.event_name != 'pull_request' && github.ref == 'refs/heads/{options.branch}'",
        "runs-on": options.runner,
        "timeout-minutes": options.timeout_minutes,
    }
    if options.environment:
        job["environment"] = options.environment
    # One deploy at a time per repository, and a deploy is never cancelled halfway.
    job["concurrency"] = {"group": "sluice-deploy-${{ github.repository }}", "cancel-in-progress": False}
    job["steps"] = steps
    return job


def _triggers(options: WorkflowOptions) -> dict[str, Any]:
    paths = [f"{options.folder}/**", suggested_path(options)]
    if options.client_source == "path":
        paths.insert(1, f"{options.client_path}/**")
    triggers: dict[str, Any] = {
        "push": {"branches": [options.branch], "paths": paths},
        "pull_request": {"paths": paths},
    }
    if options.schedule:
        triggers["schedule"] = [{"cron": options.schedule}]
    triggers["workflow_dispatch"] = None
    return triggers


def workflow_document(options: WorkflowOptions) -> dict[str, Any]:
    """The workflow as a dict (what ``github_workflow`` dumps)."""
    jobs = {"check": _check_job(options)}
    if options.deploy:
        jobs["deploy"] = _deploy_job(options)
    return {
        "name": options.name,
        "on": _triggers(options),
        "permissions": {"contents": "read"},
        "concurrency": {
            "group": "sluice-${{ github.workflow }}-${{ github.ref }}",
            "cancel-in-progress": "${{ github.event_name == 'pull_request' }}",
        },
        "env": {
            "SLUICE_DOCUMENTS": options.folder,
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        },
        "jobs": jobs,
    }


def _header(options: WorkflowOptions) -> str:
    does = "validate" + (", test" if options.tests else "")
    deploys = f" and deploys them from {options.branch}" if options.deploy else ""
    lines = [f"# Generated by Sluice: checks the pipeline documents in {options.folder}/ ({does}){deploys}."]
    if options.needs_server:
        where = f"{options.url_from}.{options.url_variable}"
        lines += [
            f"# Set in the repository's Settings > Secrets and variables > Actions: {where} (the Sluice server's",
            f"# URL) and secrets.{options.token_secret} (a Sluice API token).",
        ]
    else:
        lines.append("# It talks to no Sluice server: no variables or secrets to set.")
    lines.append("# Regenerate it rather than edit it (docs/ci.md).")
    return "\n".join(lines) + "\n"


def github_workflow(options: WorkflowOptions) -> str:
    """The workflow file's text."""
    text = yaml.dump(
        workflow_document(options), Dumper=_Dumper, sort_keys=False, width=200, allow_unicode=True, indent=2
    )
    # 'on' is a boolean to YAML 1.1 dumpers, which quote it; GitHub reads the plain key as the string.
    text = text.replace("\n'on':\n", "\non:\n", 1).replace("workflow_dispatch: null", "workflow_dispatch:")
    for pinned, tag in ACTIONS.values():
        text = text.replace(f"uses: {pinned}\n", f"uses: {pinned}  # {tag}\n")
    return _header(options) + "\n" + text
