"""The demo that ``manage.py load_demo`` installs (and ``make run`` loads on every start).

* ``pipelines/*.yaml``: pipeline documents in the export_pipeline format, imported with
  ``services.pipeline_import`` (validated, so each gets a version);
* ``templates/*.yaml``: template documents (name, slug, category, description, parameters,
  graph), created with ``services.template_create`` as built-in templates (read-only through the
  API and the pages, ownerless);
* ``data.py``: the files the demo reads, written under ``DATA_ROOT/demo/``: CSV files and a small
  SQLite shop database, which the ``demo-shop`` connection (created here) points at.

Loading is idempotent and never clobbers what users made: data files that exist are kept, and
the connection, pipelines and templates whose slug exists are left alone unless ``reset`` is given
(then pipelines and templates are brought back to the shipped documents; a pipeline gets a new
version only if its graph changed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError

from pipelines.demo.data import demo_data_write, write_shop_database
from pipelines.models import Connection, Pipeline, PipelineTemplate
from pipelines.services import connection_create, pipeline_import, template_create, template_update

DEMO_DIR = Path(__file__).resolve().parent
PIPELINES_DIR = DEMO_DIR / "pipelines"
TEMPLATES_DIR = DEMO_DIR / "templates"
DATA_DIR = "demo"  # under DATA_ROOT
SHOP_CONNECTION = "demo-shop"
SHOP_PATH = f"{DATA_DIR}/shop.sqlite"
TEMPLATE_KEYS = ("name", "slug", "category", "description", "parameters", "graph")

__all__ = ["DemoReport", "demo_load", "demo_pipeline_slugs", "demo_template_slugs", "write_shop_database"]


@dataclass
class DemoReport:
    lines: list[str] = field(default_factory=list)  # what was done
    warnings: list[str] = field(default_factory=list)  # what needs a look (a demo pipeline left as a draft)


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
    return "; ".join(exc.messages)


def demo_documents(folder: Path) -> list[dict[str, Any]]:
    """The YAML documents of ``folder``, by file name."""
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yaml"))]


def demo_pipeline_slugs() -> list[str]:
    return [doc["slug"] for doc in demo_documents(PIPELINES_DIR)]


def demo_template_slugs() -> list[str]:
    return [doc["slug"] for doc in demo_documents(TEMPLATES_DIR)]


def _load_pipeline(document: dict[str, Any], *, user, reset: bool, report: DemoReport) -> None:
    slug = document["slug"]
    if not reset and Pipeline.objects.filter(slug=slug).exists():
        report.lines.append(f"pipeline {slug}: exists, kept")
        return
    try:
        result = pipeline_import(user=user, document=document, version=True)
    except ValidationError as exc:
        # Invalid here (a node type missing from this installation?): keep it as a draft to fix.
        result = pipeline_import(user=user, document=document, version=False)
        report.warnings.append(f"pipeline {slug}: saved as a draft without a version: {_messages(exc)}")
        report.lines.append(f"pipeline {slug}: {'created' if result.created else 'updated'} (draft)")
        return
    if result.created:
        report.lines.append(f"pipeline {slug}: created v{result.version.number}")
    elif result.new_version:
        report.lines.append(f"pipeline {slug}: reset, new version v{result.version.number}")
    else:
        report.lines.append(f"pipeline {slug}: reset, graph unchanged (v{result.version.number})")


def _load_template(document: dict[str, Any], *, user, reset: bool, report: DemoReport) -> None:
    fields = {key: document[key] for key in TEMPLATE_KEYS if key in document}
    template = PipelineTemplate.objects.filter(slug=fields["slug"]).first()
    if template is None:
        template_create(user=user, builtin=True, **fields)
        report.lines.append(f"template {fields['slug']}: created")
    elif reset and not template.builtin:
        report.warnings.append(f"template {fields['slug']}: a user's template has this slug; kept, not reset")
    elif reset:
        template_update(template=template, user=None, override_builtin=True, **fields)
        report.lines.append(f"template {fields['slug']}: reset")
    else:
        report.lines.append(f"template {fields['slug']}: exists, kept")


def _load_connection(*, user, report: DemoReport) -> None:
    if Connection.objects.filter(slug=SHOP_CONNECTION).exists():
        report.lines.append(f"connection {SHOP_CONNECTION}: exists, kept")
        return
    connection_create(
        user=user,
        name="Demo shop (SQLite)",
        slug=SHOP_CONNECTION,
        kind="sqlite",
        config={"path": SHOP_PATH},
        description=f"The demo shop database ({SHOP_PATH} under the data root): customers, products, orders.",
    )
    report.lines.append(f"connection {SHOP_CONNECTION}: created")


def demo_load(*, user, reset: bool = False) -> DemoReport:
    """Write the demo data files that are missing, then create the demo connection, pipelines (owned by
    ``user``) and templates that are missing (pipelines and templates back to the shipped documents
    with ``reset``)."""
    report = DemoReport()
    for name, written in demo_data_write(target=Path(settings.DATA_ROOT) / DATA_DIR):
        report.lines.append(f"data {DATA_DIR}/{name}: {'written' if written else 'exists, kept'}")
    _load_connection(user=user, report=report)
    for document in demo_documents(PIPELINES_DIR):
        _load_pipeline(document, user=user, reset=reset, report=report)
    for document in demo_documents(TEMPLATES_DIR):
        _load_template(document, user=user, reset=reset, report=report)
    return report
