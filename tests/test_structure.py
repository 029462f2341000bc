"""The size rules of docs/architecture.md: a product module stays under 600 lines and a function under
80, so that a reader can hold one in their head. The import arrows are checked by `make lint`
(import-linter, pyproject.toml); this test checks the sizes, which no linter here measures.

Product code is every Python module of the apps and of config/ and core/, migrations excepted
(generated), and every hand-written TypeScript file of the front-end (generated types excepted).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("config", "core", "pipelines", "executions", "monitoring", "notifications")
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
MAX_FRONTEND_LINES = 400  # the builder aims at ~300 per file; generated .d.ts files are left out

# Each entry says why the unit may be longer. Keep it short; splitting is the default answer.
ALLOWED_LONG_MODULES: dict[str, str] = {}
ALLOWED_LONG_FUNCTIONS: dict[str, str] = {}


def _product_modules() -> list[Path]:
    modules = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            modules.append(path)
    return modules


def _frontend_sources() -> list[Path]:
    src = ROOT / "frontend" / "src"
    if not src.is_dir():
        return []
    return sorted(
        p
        for p in src.rglob("*")
        if p.suffix in {".ts", ".tsx"} and not p.name.endswith(".d.ts") and ".generated." not in p.name
    )


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def long_functions(path: Path) -> list[tuple[str, int]]:
    """``(qualified name, lines)`` of every function or method in ``path`` longer than the limit."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    lines = child.end_lineno - child.lineno + 1
                    if lines > MAX_FUNCTION_LINES:
                        found.append((name, lines))
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def test_the_scan_sees_the_product_code():
    modules = {str(p.relative_to(ROOT)) for p in _product_modules()}
    assert "executions/models/__init__.py" in modules or "executions/models.py" in modules
    assert "core/db.py" in modules
    assert not any("/migrations/" in m for m in modules)


def test_long_function_detection_counts_lines_of_nested_functions(tmp_path):
    body = "\n".join(f"        x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    source = tmp_path / "sample.py"
    source.write_text(f"class A:\n    def method(self):\n{body}\n\ndef short():\n    return 1\n")
    assert long_functions(source) == [("A.method", MAX_FUNCTION_LINES + 1)]


def test_no_product_module_is_too_long():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in _product_modules()
        if (lines := _line_count(path)) > MAX_MODULE_LINES
    }
    unexpected = {k: v for k, v in too_long.items() if k not in ALLOWED_LONG_MODULES}
    assert not unexpected, f"modules over {MAX_MODULE_LINES} lines (split them by concern): {unexpected}"
    stale = set(ALLOWED_LONG_MODULES) - set(too_long)
    assert not stale, f"allowlisted modules that are short now (remove them from the allowlist): {stale}"


def test_no_product_function_is_too_long():
    too_long = {
        f"{path.relative_to(ROOT)}:{name}": lines for path in _product_modules() for name, lines in long_functions(path)
    }
    unexpected = {k: v for k, v in too_long.items() if k not in ALLOWED_LONG_FUNCTIONS}
    assert not unexpected, f"functions over {MAX_FUNCTION_LINES} lines (split them into named steps): {unexpected}"
    stale = set(ALLOWED_LONG_FUNCTIONS) - set(too_long)
    assert not stale, f"allowlisted functions that are short now (remove them from the allowlist): {stale}"


@pytest.mark.skipif(not _frontend_sources(), reason="no front-end sources")
def test_no_frontend_source_is_too_long():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in _frontend_sources()
        if (lines := _line_count(path)) > MAX_FRONTEND_LINES
    }
    assert not too_long, f"front-end files over {MAX_FRONTEND_LINES} lines: {too_long}"
