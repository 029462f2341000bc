"""The high-contrast theme's text colours meet WCAG AAA (7:1) against its background, computed from
frontend/src/styles/app.css itself (the figures docs/accessibility.md and the stylesheet quote)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "frontend" / "src" / "styles" / "app.css"
TEXT_VARIABLES = [
    "--bs-body-color",
    "--bs-emphasis-color",
    "--bs-secondary-color",
    "--bs-tertiary-color",
    "--bs-primary-text-emphasis",
    "--bs-secondary-text-emphasis",
    "--bs-success-text-emphasis",
    "--bs-info-text-emphasis",
    "--bs-warning-text-emphasis",
    "--bs-danger-text-emphasis",
    "--bs-link-color",
    "--bs-link-hover-color",
    "--bs-code-color",
    "--bs-form-valid-color",
    "--bs-form-invalid-color",
    "--bs-navbar-color",
]


def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def high_contrast_variables() -> dict[str, str]:
    text = CSS.read_text(encoding="utf-8")
    block = re.search(r'\[data-bs-theme="high-contrast"\] \{(.*?)\n\}', text, re.S)
    assert block, "no [data-bs-theme=high-contrast] block in app.css"
    return dict(re.findall(r"(--bs-[a-z-]+):\s*([^;]+);", block.group(1)))


def test_contrast_formula():
    assert contrast("#fff", "#000") == pytest.approx(21.0)
    assert contrast("#767676", "#fff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("variable", TEXT_VARIABLES)
def test_high_contrast_text_meets_aaa(variable):
    variables = high_contrast_variables()
    background = variables["--bs-body-bg"]
    assert contrast(variables[variable], background) >= 7.0, (variable, variables[variable])
    # ...and on the secondary and tertiary backgrounds (cards, table headers, inputs)
    for surface in ("--bs-secondary-bg", "--bs-tertiary-bg"):
        assert contrast(variables[variable], variables[surface]) >= 7.0, (variable, surface)


def test_quoted_figures_are_true():
    text = CSS.read_text(encoding="utf-8")
    quoted = re.findall(r"(#[0-9a-f]{3,6}) (\d+(?:\.\d)?):1", text.split('[data-bs-theme="high-contrast"] {')[0])
    assert len(quoted) >= 6
    for colour, figure in quoted:
        assert contrast(colour, "#000") == pytest.approx(float(figure), abs=0.1), colour
