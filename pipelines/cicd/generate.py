"""Generate a workflow for a user: options from a request's data, the pipelines they name checked against what the
user may see. Reads only; nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pydantic
from django.core.exceptions import ValidationError

from pipelines.cicd.github import github_workflow, suggested_path
from pipelines.cicd.options import WorkflowOptions
from pipelines.models import Pipeline
from pipelines.selectors import pipelines_visible_to


@dataclass(frozen=True)
class GeneratedWorkflow:
    path: str  # where to commit it, e.g. .github/workflows/sluice.yml
    content: str  # the workflow's YAML
    pipelines: list[str]  # the pipelines the deploy job runs
    options: WorkflowOptions

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "content": self.content,
            "pipelines": self.pipelines,
            "options": self.options.model_dump(),
        }


def workflow_options(data: dict[str, Any], **defaults: Any) -> WorkflowOptions:
    """``WorkflowOptions`` from ``data`` (``defaults`` fill what it does not give); a Django ValidationError keyed by
    field (a 400 in the API, inline errors on a page) when something is wrong."""
    try:
        return WorkflowOptions.model_validate({**defaults, **data})
    except pydantic.ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"]) or "non_field_errors"
            message = error["msg"].removeprefix("Value error, ")
            errors.setdefault(where, []).append(message)
        raise ValidationError(errors) from None


def workflow_generate(*, user, options: WorkflowOptions) -> GeneratedWorkflow:
    """The workflow for ``options``. Every pipeline it runs must exist and be visible to ``user`` (``None``: the
    shell's administrator, who sees everything); one that is not reads as one that does not exist."""
    if options.pipelines:
        visible = Pipeline.objects.all() if user is None else pipelines_visible_to(user=user)
        found = set(visible.filter(slug__in=options.pipelines).values_list("slug", flat=True))
        missing = [slug for slug in options.pipelines if slug not in found]
        if missing:
            raise ValidationError({"pipelines": [f"No pipeline with the slug {slug!r}." for slug in missing]})
    return GeneratedWorkflow(
        path=suggested_path(options),
        content=github_workflow(options),
        pipelines=list(options.pipelines),
        options=options,
    )
