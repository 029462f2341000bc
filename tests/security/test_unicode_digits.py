"""Numbers in query strings and headers: "²" (and the other digits ``str.isdigit`` accepts but ``int()``
refuses) is a 400 or is ignored, never a 500. Every such place goes through ``core.ids.is_digits``."""

from __future__ import annotations

import pytest

from core.ids import is_digits

pytestmark = pytest.mark.django_db

SUPERSCRIPT = "²"


@pytest.mark.parametrize("raw", ["²", "¹²", "١", "𝟙", "", " 1", "1 ", "-1", "+1", "1.0", "0x1", None, 12])
def test_is_digits_takes_ascii_digits_only(raw):
    assert is_digits(raw) is False


@pytest.mark.parametrize("raw", ["0", "7", "0012", "9" * 30])
def test_is_digits_accepts_ascii_digits(raw):
    assert is_digits(raw) is True


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/api/quality/results/?pipeline={SUPERSCRIPT}", "pipeline"),
        (f"/api/quality/summary/?pipeline={SUPERSCRIPT}", "pipeline"),
        (f"/api/quality/sla-breaches/?pipeline={SUPERSCRIPT}", "pipeline"),
        (f"/api/insights/?pipeline={SUPERSCRIPT}", "pipeline"),
        (f"/api/events/?topic=dashboard&since={SUPERSCRIPT}", "since"),
    ],
)
def test_a_superscript_number_is_a_400_naming_the_parameter(client_for, staff, path, field):
    response = client_for(staff).get(path)
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_superscript_owner_filter_matches_no_one(client_for, staff):
    response = client_for(staff).get(f"/api/pipelines/?owner={SUPERSCRIPT}")
    assert response.status_code == 200 and response.json()["results"] == []


def test_a_superscript_window_on_the_quality_page_falls_back(client, staff):
    client.force_login(staff)
    assert client.get(f"/quality/?days={SUPERSCRIPT}").status_code == 200


def test_no_product_code_reads_numbers_with_str_isdigit():
    """A new ``.isdigit()`` check would bring the 500 back: core.ids.is_digits is the one place."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    apps = ["core", "config", "pipelines", "executions", "monitoring", "notifications", "accounts", "gitsync"]
    apps += ["quality", "insights", "reports"]
    found = [
        f"{path.relative_to(root)}:{number}"
        for app in apps
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.isdigit\(\)", line) and path != root / "core" / "ids.py"
    ]
    assert found == []
