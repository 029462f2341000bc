"""``sluice pipelines list|export|validate|apply|test``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from sluice_cli import FAILED, documents
from sluice_cli.errors import UsageError
from sluice_cli.ui import connect, err, out, table

pipelines_app = typer.Typer(help="Pipelines as code: list, export, validate, apply and test documents.")


@pipelines_app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array instead of a table.")] = False,
) -> None:
    """The pipelines you may see."""
    rows = [p.to_dict() for p in connect().pipelines()]
    if as_json:
        out.print_json(json.dumps(rows))
        return
    columns = ["slug", "name", "status", "current_version", "owner", "schedule_cron"]
    out.print(
        table(
            f"{len(rows)} pipelines",
            ["Slug", "Name", "Status", "Version", "Owner", "Schedule"],
            [[row.get(c) for c in columns] for row in rows],
        )
    )


@pipelines_app.command()
def export(
    slug: Annotated[str, typer.Argument(help="The pipeline's slug.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="yaml or json.")] = "yaml",
) -> None:
    """A pipeline as a document (YAML by default): what `sluice pipelines apply` reads back."""
    if fmt not in ("yaml", "json"):
        raise UsageError("--format is yaml or json.")
    api = connect()
    pipeline = api.pipeline(slug)
    response = api.request("GET", f"/api/pipelines/{pipeline.id}/export/", params={"format": fmt})
    text = response.text if fmt == "yaml" else json.dumps(response.json(), indent=2) + "\n"
    if output is None:
        out.print(text, end="", markup=False, highlight=False, soft_wrap=True)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"Cannot write {output}: {exc.strerror or exc}") from None
    err.print(f"Wrote {output}", highlight=False)


Paths = Annotated[list[Path], typer.Argument(help="Document files or directories (searched recursively).")]


def _problem_lines(plan: dict) -> list[str]:
    lines = []
    for key in ("problems", "validation"):
        for problem in plan.get(key) or []:
            where = problem.get("path") or "(document)"
            line = f" (line {problem['line']})" if problem.get("line") else ""
            lines.append(f"{where}{line}: {problem.get('message')}")
    return lines


def _report_plans(body: dict) -> bool:
    """Print a dry run's documents and failures; True when every document can be applied."""
    for failure in body.get("failures") or []:
        err.print(f"[red]✗[/red] {failure.get('file')}: {failure.get('message')}", highlight=False)
    for plan in body.get("documents") or []:
        name = f"{plan.get('file')}#{plan.get('index', 0)}" if plan.get("index") else plan.get("file")
        problems = _problem_lines(plan)
        refused = plan.get("action") == "refused" or bool(plan.get("problems"))
        mark = "[red]✗[/red]" if refused or (problems and not body.get("ok")) else "[green]✓[/green]"
        what = f"{plan.get('kind')} {plan.get('target')}: {plan.get('action')}"
        out.print(f"{mark} {name}: {what}", highlight=False)
        for line in problems:
            err.print(f"    {line}", highlight=False, markup=False)
    return bool(body.get("ok"))


def _import(paths: list[Path], *, dry_run: bool, mode: str) -> tuple[int, dict]:
    files = documents.collect(paths)
    api = connect()
    response = api._guard(
        lambda: api.client.get_httpx_client().post(
            "/api/pipelines/import/",
            data={"dry_run": "true" if dry_run else "false", "mode": mode},
            files={"file": ("documents.zip", documents.archive(files), "application/zip")},
        )
    )
    if response.status_code == 400:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if "documents" in body or "failures" in body:
            return 400, body
    api.check(response)
    return response.status_code, response.json()


@pipelines_app.command()
def validate(
    paths: Paths,
    offline: Annotated[bool, typer.Option("--offline", help="Check against the bundled schema; no server.")] = False,
    draft: Annotated[bool, typer.Option("--draft", help="Allow graphs that are not valid yet (drafts).")] = False,
) -> None:
    """Check documents: against the server (a dry run of the import: exit 1 if one would be refused) or
    --offline against the documents' JSON Schema shipped with this client."""
    if offline:
        parsed = documents.check_offline(documents.collect(paths))
        for document in parsed:
            label = document.file.name + (f"#{document.index}" if document.index else "")
            mark = "[red]✗[/red]" if document.problems else "[green]✓[/green]"
            out.print(f"{mark} {label}: {document.kind or 'document'}", highlight=False)
            for problem in document.problems:
                err.print(f"    {problem}", highlight=False, markup=False)
        bad = sum(1 for d in parsed if d.problems)
        (err if bad else out).print(f"{len(parsed) - bad} valid, {bad} invalid (offline).", highlight=False)
        if bad:
            raise typer.Exit(FAILED)
        return
    _, body = _import(paths, dry_run=True, mode="draft" if draft else "version")
    ok = _report_plans(body)
    count = len(body.get("documents") or [])
    (out if ok else err).print(f"{count} documents: {'valid' if ok else 'not valid'}.", highlight=False)
    if not ok:
        raise typer.Exit(FAILED)


@pipelines_app.command()
def apply(
    paths: Paths,
    as_version: Annotated[
        bool, typer.Option("--as-version", help="Also make a version of each changed graph.")
    ] = False,
) -> None:
    """Import documents into the server: all of them or, when one has a problem, none (exit 1)."""
    status, body = _import(paths, dry_run=False, mode="version" if as_version else "draft")
    if status == 400:
        _report_plans(body)
        err.print(f"Nothing applied: {body.get('detail') or 'some documents have problems'}", highlight=False)
        raise typer.Exit(FAILED)
    for result in body.get("documents") or []:
        version = f" (version {result['version']})" if result.get("new_version") else ""
        out.print(f"{result.get('kind')} {result.get('target')}: {result.get('action')}{version}", highlight=False)


@pipelines_app.command("test")
def test_(
    paths: Paths,
    junit: Annotated[Path | None, typer.Option("--junit", help="Write a JUnit XML report to this file.")] = None,
) -> None:
    """Run the pipeline tests (kind: PipelineTest) of the documents on the server, over their fixtures, without
    writing anything; exit 1 if one fails. The graph comes from the pipeline's document when it is among
    the paths, else from the server."""
    graphs, tests = documents.pipelines_and_tests(documents.collect(paths))
    if not tests:
        raise UsageError("No pipeline tests (kind: PipelineTest) among these documents.")
    api = connect()
    suites = []
    for slug, cases in sorted(tests.items()):
        graph = graphs.get(slug)
        if graph is None:
            exported = api.json("GET", f"/api/pipelines/{api.pipeline(slug).id}/export/", params={"format": "json"})
            graph = (exported.get("spec") or {}).get("graph") or exported.get("graph") or {}
        body = {"graph": graph, "tests": [documents.test_spec(case) for case in cases]}
        summary = api.json("POST", "/api/tests/run/", json=body)
        suites.append((slug, summary))
        for result in summary.get("tests") or []:
            passed = result.get("status") == "passed"
            mark = "[green]✓[/green]" if passed else "[red]✗[/red]"
            out.print(f"{mark} {slug} › {result.get('name')}: {result.get('status')}", highlight=False)
            if not passed and result.get("error"):
                err.print(f"    {result['error']}", highlight=False, markup=False)
    if junit is not None:
        junit_write(junit, suites)
    failed = sum(s.get("failed", 0) + s.get("error", 0) for _, s in suites)
    total = sum(s.get("total", 0) for _, s in suites)
    (err if failed else out).print(f"{total - failed} passed, {failed} failed.", highlight=False)
    if failed:
        raise typer.Exit(FAILED)


def junit_write(path: Path, suites: list[tuple[str, dict]]) -> None:
    """JUnit XML: a testsuite per pipeline, a testcase per test (as the server's ?junit=1)."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="sluice pipeline tests")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for slug, summary in suites:
        suite = ET.SubElement(root, "testsuite", name=slug, tests=str(summary.get("total", 0)))
        suite.set("failures", str(summary.get("failed", 0)))
        suite.set("errors", str(summary.get("error", 0)))
        for result in summary.get("tests") or []:
            seconds = f"{(result.get('duration_ms') or 0) / 1000:.3f}"
            case = ET.SubElement(suite, "testcase", classname=f"pipelines.{slug}", name=str(result.get("name")))
            case.set("time", seconds)
            if result.get("status") != "passed":
                tag = "failure" if result.get("status") == "failed" else "error"
                element = ET.SubElement(case, tag, message=str(result.get("error") or tag)[:500], type=tag)
                element.text = json.dumps(result.get("outputs") or {}, indent=2, default=str)
        for key, name in (("tests", "total"), ("failures", "failed"), ("errors", "error")):
            totals[key] += summary.get(name, 0)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    try:
        path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")
    except OSError as exc:
        raise UsageError(f"Cannot write {path}: {exc.strerror or exc}") from None
    err.print(f"Wrote {path}", highlight=False)
