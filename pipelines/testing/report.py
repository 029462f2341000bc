"""Test results for people and for CI: a readable text diff, and JUnit XML (one testsuite per pipeline)."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from pipelines.testing.runner import ERROR, FAILED, PASSED

MARKS = {PASSED: "PASS", FAILED: "FAIL", ERROR: "ERROR"}


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _row(row: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_value(v)}" for k, v in row.items())


def diff_lines(target: str, diff: dict[str, Any]) -> list[str]:
    """The diff of one output as lines of text (``-`` missing, ``+`` extra, ``~`` changed)."""
    lines = [f"{target}: {diff['rows']} rows, expected {diff['expected_rows']}"]
    schema = diff.get("schema") or {}
    if schema.get("missing_columns"):
        lines.append(f"  missing columns: {', '.join(schema['missing_columns'])}")
    if schema.get("extra_columns"):
        lines.append(f"  extra columns: {', '.join(schema['extra_columns'])}")
    if schema.get("not_in_golden"):
        lines.append(f"  columns to compare that the golden rows lack: {', '.join(schema['not_in_golden'])}")
    for t in schema.get("types") or []:
        lines.append(f"  column {t['column']}: type {t['actual']}, expected {t['expected']}")
    counts = diff.get("counts") or {}
    for row in diff.get("missing_rows") or []:
        lines.append(f"  - {_row(row)}")
    if counts.get("missing", 0) > len(diff.get("missing_rows") or []):
        lines.append(f"  - ... {counts['missing']} missing rows in all")
    for row in diff.get("extra_rows") or []:
        lines.append(f"  + {_row(row)}")
    if counts.get("extra", 0) > len(diff.get("extra_rows") or []):
        lines.append(f"  + ... {counts['extra']} extra rows in all")
    for cell in diff.get("changed") or []:
        where = _row(cell.get("context") or {})
        lines.append(
            f"  ~ row {cell['row']} ({where}): {cell['column']} = {_value(cell['actual'])}, "
            f"expected {_value(cell['expected'])}"
        )
    shown_rows = len({cell["row"] for cell in diff.get("changed") or []})
    if counts.get("changed_rows", 0) > shown_rows:
        lines.append(f"  ~ ... {counts['changed_rows']} changed rows in all")
    return lines


def result_text(result: dict[str, Any]) -> list[str]:
    """One test's result as lines: its status line, then what went wrong."""
    lines = [f"{MARKS[result['status']]} {result['name']} ({result.get('duration_ms', 0)} ms)"]
    if result["status"] == PASSED:
        return lines
    if result.get("error"):
        lines.append(f"  {result['error']}")
    for problem in result.get("problems") or []:
        lines.append(f"  problem: {problem.get('message')}")
    for target, diff in (result.get("outputs") or {}).items():
        if not diff.get("passed"):
            lines.extend("  " + line for line in diff_lines(target, diff))
    return lines


def suite_text(pipeline: str, summary: dict[str, Any]) -> str:
    lines = [f"{pipeline}: {summary[PASSED]} passed, {summary[FAILED]} failed, {summary[ERROR]} errors"]
    for result in summary["tests"]:
        lines.extend("  " + line for line in result_text(result))
    return "\n".join(lines)


def junit_xml(suites: list[tuple[str, dict[str, Any]]]) -> bytes:
    """JUnit XML of ``(pipeline slug, summary)`` pairs: a testsuite per pipeline, a testcase per test."""
    root = ET.Element("testsuites", name="sluice pipeline tests")
    totals = {"tests": 0, "failures": 0, "errors": 0, "time": 0.0}
    for pipeline, summary in suites:
        seconds = sum(r.get("duration_ms", 0) for r in summary["tests"]) / 1000
        suite = ET.SubElement(
            root,
            "testsuite",
            name=pipeline,
            tests=str(summary["total"]),
            failures=str(summary[FAILED]),
            errors=str(summary[ERROR]),
            skipped="0",
            time=f"{seconds:.3f}",
        )
        for result in summary["tests"]:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"pipelines.{pipeline}",
                name=result["name"],
                time=f"{result.get('duration_ms', 0) / 1000:.3f}",
            )
            if result["status"] != PASSED:
                tag = "failure" if result["status"] == FAILED else "error"
                element = ET.SubElement(case, tag, message=(result.get("error") or tag)[:500], type=tag)
                element.text = "\n".join(result_text(result)[1:])
        totals["tests"] += summary["total"]
        totals["failures"] += summary[FAILED]
        totals["errors"] += summary[ERROR]
        totals["time"] += seconds
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", str(totals["errors"]))
    root.set("time", f"{totals['time']:.3f}")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
