"""The ``sluice`` command: ``login``, ``run``, ``logs`` and ``pipelines list|export|validate|apply|test``.

Results go to standard output, progress and errors to standard error. Exit codes: 0 ok, 1 a check, test
or run failed, 2 usage or input error, 3 the server is unreachable or refused the credentials."""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated

import typer

from sluice_cli import FAILED, OK, UNREACHABLE, USAGE, config
from sluice_cli.api import Api
from sluice_cli.errors import CliError, UsageError
from sluice_cli.follow import follow_execution, show_logs
from sluice_cli.pipelines import pipelines_app
from sluice_cli.ui import connect, err, out
from sluice_client.api.executions import pipelines_run_create
from sluice_client.models import RunInputRequest, RunInputRequestParams

app = typer.Typer(
    name="sluice",
    help="Sluice from the command line: pipelines as code, runs and their logs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(pipelines_app, name="pipelines")


@app.command()
def login(
    url: Annotated[str | None, typer.Option(help="The server, e.g. https://sluice.example.com")] = None,
    token_stdin: Annotated[bool, typer.Option("--token-stdin", help="Read the token from standard input.")] = False,
) -> None:
    """Check a server URL and an API token, and keep them in ~/.config/sluice/config.toml (0600).

    Create the token on the server's API tokens page (user menu). It is never printed."""
    url = url or os.environ.get("SLUICE_URL") or typer.prompt("Server URL")
    if token_stdin:
        token = sys.stdin.readline().strip()
    else:
        token = os.environ.get("SLUICE_TOKEN") or typer.prompt("API token", hide_input=True)
    if not token.startswith("slu_"):
        raise UsageError("That is not an API token (they start with slu_): create one on the API tokens page.")
    settings = config.Settings(url=config.normalise_url(url), token=token.strip(), source="login")
    Api(settings).verify()
    path = config.write_file(url=settings.url, token=settings.token)
    err.print(f"Signed in to {settings.url}; saved to {path} (readable by you only).", highlight=False)


def _params(pairs: list[str]) -> dict:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param takes name=value (got {pair!r}).")
        try:  # numbers, booleans, lists and objects as JSON; anything else is a string
            params[name.strip()] = json.loads(value)
        except ValueError:
            params[name.strip()] = value
    return params


@app.command("run")
def run_pipeline(
    slug: Annotated[str, typer.Argument(help="The pipeline's slug.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="A run parameter, name=value.")] = None,
    version: Annotated[int | None, typer.Option(help="A version number (default: the current one).")] = None,
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="Follow the run until it finishes.")] = False,
    timeout: Annotated[float, typer.Option(help="With --wait: give up after this many seconds (0: never).")] = 0,
) -> None:
    """Start a run of a pipeline; with --wait, follow it live and exit 0 on success, 1 on failure."""
    params = _params(param or [])
    api = connect()
    pipeline = api.pipeline(slug)
    body = RunInputRequest(params=RunInputRequestParams.from_dict(params))
    if version is not None:
        body.version = version
    execution = api.call(pipelines_run_create, pipeline.id, body=body)
    link = f"{api.settings.url}/executions/{execution.id}/"
    out.print(f"Execution {execution.id} of {pipeline.slug} started: {link}", highlight=False)
    if not wait:
        return
    detail = follow_execution(api, execution.id, console=err, timeout=timeout or None)
    _finish(detail, timeout)


def _finish(detail: dict, timeout: float) -> None:
    status = detail.get("status")
    seconds = detail.get("duration_seconds")
    took = f" in {seconds:.1f}s" if isinstance(seconds, int | float) else ""
    if status == "succeeded":
        out.print(f"Execution {detail['id']} succeeded{took}.", style="green", highlight=False)
        return
    if status in ("failed", "cancelled"):
        reason = f": {detail['error']}" if detail.get("error") else ""
        err.print(f"Execution {detail['id']} {status}{took}{reason}", style="red", highlight=False, markup=False)
        raise typer.Exit(FAILED)
    err.print(f"Execution {detail['id']} is still {status} after {timeout:g}s.", style="red", highlight=False)
    raise typer.Exit(FAILED)


@app.command()
def logs(
    execution: Annotated[int, typer.Argument(help="The execution's id.")],
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new lines until it ends.")] = False,
    step: Annotated[str | None, typer.Option(help="Only this step (node key).")] = None,
) -> None:
    """Print an execution's log lines; with --follow, until it finishes (exit 1 if it did not succeed)."""
    detail = show_logs(connect(), execution, out=out, follow=follow, step=step)
    if follow and detail.get("status") != "succeeded":
        err.print(f"Execution {execution} {detail.get('status')}.", style="red", highlight=False)
        raise typer.Exit(FAILED)


def run_app(argv: list[str] | None = None) -> int:
    """Run the command; returns its exit code (errors printed in one line, never a traceback)."""
    try:
        app(args=argv, prog_name="sluice")  # usage errors: typer prints them and exits 2
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (OK if exc.code is None else USAGE)
    except CliError as exc:
        err.print(f"Error: {exc}", style="red", highlight=False, markup=False)
        return exc.code
    except KeyboardInterrupt:
        err.print("Interrupted.")
        return 130
    except Exception as exc:  # a bug: still one line, the traceback only on request
        if os.environ.get("SLUICE_DEBUG"):
            raise
        err.print(f"Unexpected error: {exc!r} (SLUICE_DEBUG=1 shows the traceback)", style="red", markup=False)
        return UNREACHABLE if isinstance(exc, OSError) else FAILED
    return OK


def main() -> None:
    sys.exit(run_app())
