"""The "Build your first pipeline" path of the first-run flow (docs/ui.md, *Onboarding*): one action makes a
pipeline from the built-in *Filter and aggregate* template over the demo data, saves it as a version and
runs it. An editor may take it although runs otherwise need the operator role: it runs only the pipeline
it has just made (or made before for this user) from a built-in template, over the shared demo files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from executions.models import Execution
from executions.services.lifecycle import execution_start
from pipelines import roles
from pipelines.demo import DATA_DIR, TEMPLATES_DIR, demo_documents
from pipelines.demo.data import demo_data_write
from pipelines.models import Pipeline, PipelineTemplate
from pipelines.services import pipeline_version_create, template_apply, template_create

TEMPLATE_SLUG = "filter-and-aggregate"
NAME = "My first pipeline"


@dataclass
class FirstRun:
    pipeline: Pipeline
    execution: Execution
    created: bool  # False: the user's first pipeline existed already, and was run again


def first_pipeline_slug(user) -> str:
    return f"first-pipeline-{user.pk}"


def _template() -> PipelineTemplate:
    """The built-in template, installed from the shipped document when ``load_demo`` never ran."""
    template = PipelineTemplate.objects.filter(slug=TEMPLATE_SLUG).first()
    if template is not None:
        return template
    document = next(doc for doc in demo_documents(TEMPLATES_DIR) if doc["slug"] == TEMPLATE_SLUG)
    fields = {key: document[key] for key in ("name", "slug", "category", "description", "parameters", "graph")}
    return template_create(user=None, builtin=True, **fields)


def _make(user) -> Pipeline:
    slug = first_pipeline_slug(user)
    free = not Pipeline.objects.filter(slug=slug).exists()
    pipeline = template_apply(
        template=_template(),
        user=user,
        name=NAME,
        slug=slug if free else "",
        description=(
            "Made by *Build your first pipeline*: reads the demo sales (demo/sales.csv), keeps the rows with a "
            "positive amount, totals the unit price per region and writes a Parquet file. Open the builder to "
            "change it."
        ),
        parameters={"target_path": f"{DATA_DIR}/out/first-pipeline-{user.pk}.parquet"},
    )
    pipeline_version_create(pipeline=pipeline, user=user, message="Built from the Filter and aggregate template")
    return pipeline


def first_pipeline_run(*, user) -> FirstRun:
    """Make the user's first pipeline (once) from the template on the demo data and start a run of it.
    Editors and above; raises PermissionDenied for a viewer, ValidationError when the pipeline does not
    validate here (a node type missing from this installation)."""
    if not roles.has_role(user, roles.EDITOR):
        raise PermissionDenied("You need the editor role to create pipelines.")
    demo_data_write(target=Path(settings.DATA_ROOT) / DATA_DIR)  # the files it reads (kept when present)
    with transaction.atomic():
        pipeline = Pipeline.objects.filter(owner=user, slug=first_pipeline_slug(user)).first()
        created = pipeline is None
        if created:
            pipeline = _make(user)
        elif pipeline.current_version is None:
            pipeline_version_create(pipeline=pipeline, user=user, message="Saved by Build your first pipeline")
    execution = execution_start(pipeline=pipeline, user=user)
    return FirstRun(pipeline=pipeline, execution=execution, created=created)
