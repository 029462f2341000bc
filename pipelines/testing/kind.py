"""The ``kind: PipelineTest`` document kind (registered by PipelinesConfig.ready): applying a document stores
the test on its pipeline (created or replaced by name), after the pipelines of the same set (order 20).

A document applied this way (pasted, uploaded, through the API) has no folder the server may read files from,
so its fixtures and golden rows must be inline: whoever has the folder inlines ``file:`` references as
``format`` and base64 ``content`` first (git sync with ``documents.inline_file_references`` over the fetched
tree, ``sluice pipelines apply`` on the client); a dry run (validation) accepts them unread:
``manage.py test_pipelines --path`` and ``sluice pipelines test`` read them beside the document.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from pipelines.documents import DocumentPlan, DocumentResult, ParsedDocument, register_kind
from pipelines.documents.pipeline import DocumentRejected
from pipelines.models import Pipeline, PipelineTest
from pipelines.services.transfer import can_change_pipeline
from pipelines.testing.documents import FileRefError, PipelineTestDocument, document_test_data
from pipelines.testing.services import pipeline_test_create, pipeline_test_update, stored_spec
from pipelines.testing.spec import TestSpec, parse_spec


def _without_files(spec: dict) -> dict:
    """A document's spec with each ``file:`` table as empty rows (a dry run checks everything else)."""
    out = dict(spec)
    for section in ("fixtures", "expect"):
        out[section] = {
            key: {**{k: v for k, v in table.items() if k not in ("file", "format")}, "rows": []}
            if table.get("file") is not None
            else table
            for key, table in (spec.get(section) or {}).items()
        }
    return out


def _spec(document: ParsedDocument, *, dry_run: bool) -> tuple[list, TestSpec | None]:
    """(problems, the spec) of a test document. A dry run (``sluice pipelines validate``) accepts ``file:``
    references, which test runners read beside the document; applying needs the tables inline."""
    model: PipelineTestDocument = document.model  # type: ignore[assignment]
    try:
        data = model.spec.model_dump(mode="json", by_alias=True, exclude_none=True)
        if dry_run:
            data = {**_without_files(data), "name": model.metadata.name, "description": model.metadata.description}
        else:
            data = document_test_data(model, folder=None)
        return [], parse_spec(data)
    except FileRefError as exc:
        return [document.problem("spec", str(exc))], None
    except ValidationError as exc:
        return [document.problem(f"spec.{k}", m) for k, texts in exc.message_dict.items() for m in texts], None


def _pipeline(document: ParsedDocument, *, user) -> tuple[list, Pipeline | None]:
    """(problems, the pipeline of the test) when ``user`` may change that pipeline."""
    slug = document.model.metadata.pipeline  # type: ignore[union-attr]
    pipeline = Pipeline.objects.filter(slug=slug).first()
    if pipeline is None or not can_change_pipeline(user=user, pipeline=pipeline):
        message = f"No pipeline {slug!r} that you may change (apply its document first, in the same set)."
        return [document.problem("metadata.pipeline", message)], pipeline
    return [], pipeline


def _existing(pipeline: Pipeline, name: str) -> PipelineTest | None:
    return PipelineTest.objects.filter(pipeline=pipeline, name=name).first()


def _same(test: PipelineTest, spec: TestSpec) -> bool:
    return test.spec == stored_spec(spec) and test.description == spec.description


def kind_plan(*, user, document: ParsedDocument) -> DocumentPlan:
    """What applying would do. A pipeline not on the server yet may come with the same set: then "create"."""
    model: PipelineTestDocument = document.model  # type: ignore[assignment]
    target = f"{model.metadata.pipeline}/{model.metadata.name}"
    problems, pipeline = _pipeline(document, user=user)
    if pipeline is None:
        problems = []
    spec_problems, spec = _spec(document, dry_run=True)
    problems += spec_problems
    if problems or spec is None:
        return DocumentPlan(document=document, action="refused", target=target, problems=problems)
    test = _existing(pipeline, spec.name) if pipeline is not None else None
    action = "create" if test is None else "unchanged" if _same(test, spec) else "update"
    return DocumentPlan(document=document, action=action, target=target, object_id=getattr(test, "pk", None))


def kind_apply(
    *, user, document: ParsedDocument, as_version: bool, author: str = "", commit: str = ""
) -> DocumentResult:
    """Create or replace the test (``as_version``, ``author`` and ``commit`` concern pipelines only)."""
    problems, pipeline = _pipeline(document, user=user)
    spec_problems, spec = _spec(document, dry_run=False)
    if problems or spec_problems or pipeline is None or spec is None:
        raise DocumentRejected(problems + spec_problems)
    target = f"{pipeline.slug}/{spec.name}"
    test = _existing(pipeline, spec.name)
    if test is None:
        test = pipeline_test_create(pipeline=pipeline, user=user, spec=spec)
        return DocumentResult(document=document, action="created", target=target, object=test)
    if _same(test, spec):
        return DocumentResult(document=document, action="unchanged", target=target, object=test)
    test = pipeline_test_update(test=test, user=user, spec=spec)
    return DocumentResult(document=document, action="updated", target=target, object=test)


register_kind("PipelineTest", PipelineTestDocument, apply=kind_apply, plan=kind_plan, order=20)
