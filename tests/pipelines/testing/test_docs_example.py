"""The full example of docs/testing-pipelines.md runs as written: it passes, and the broken filter's diff is
the one the page shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.pipelines.testing.test_command import command

DOC = Path(__file__).resolve().parents[3] / "docs" / "testing-pipelines.md"


def _example(folder: Path) -> str:
    text = DOC.read_text()
    for block in re.findall(r"```(?:yaml|text|json)\n(.*?)```", text, re.S)[:4]:
        header, body = block.split("\n", 1)
        target = folder / header.split(" ", 1)[1].strip().removeprefix("pipelines/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body)
    return text


@pytest.mark.django_db
def test_the_documented_example_passes_then_fails_as_shown(tmp_path):
    text = _example(tmp_path)
    code, out, _ = command("--path", str(tmp_path))
    assert code == 0 and "PASS totals-per-region" in out
    pipeline = tmp_path / "orders.yaml"
    pipeline.write_text(pipeline.read_text().replace("status = 'paid'", "status = 'refund'"))
    code, out, _ = command("--path", str(tmp_path))
    assert code == 1
    shown = text.split("$ python manage.py test_pipelines --path pipelines/ --junit junit.xml\n", 1)[1]
    shown_lines = [line for line in shown.split("CommandError")[0].splitlines() if line.strip()]
    got = [re.sub(r"\(\d+ ms\)", "(11 ms)", line) for line in out.splitlines() if line.strip()]
    assert got == shown_lines
