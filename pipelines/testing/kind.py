"""The ``kind: PipelineTest`` document kind (registered by PipelinesConfig.ready): applying a document stores
the test on its pipeline (created or replaced by name), after the pipelines of the same set (order 20).

A document applied this way (pasted, uploaded, through the API or git sync) has no folder the server may read
files from, so its fixtures and golden rows must be inline; ``file:`` references are for
``manage.py test_pipelines --path`` and ``sluice pipelines test``, which read them beside the document.
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


def _refusals(document: ParsedDocument, *, user) -> tuple[list, Pipeline | None, TestSpec | None]:
    """(problems, the pipeline, the spec) of a test document for ``user``."""
    model: PipelineTestDocument = document.model  # type: ignore[assignment]
    slug = model.metadata.pipeline
    pipeline = Pipeline.objects.filter(slug=slug).first()
    if pipeline is None or not can_change_pipeline(user=user, pipeline=pipeline):
        message = f"No pipeline {slug!r} that you may change (apply its document first, in the same set)."
        return [document.problem("metadata.pipeline", message)], None, None
    try:
        spec = parse_spec(document_test_data(model, folder=None))
    except FileRefError as exc:
        return [document.problem("spec", str(exc))], pipeline, None
    except ValidationError as exc:
        problems = [document.problem(f"spec.{k}", m) for k, texts in exc.message_dict.items() for m in texts]
        return problems, pipeline, None
    return [], pipeline, spec


def _existing(pipeline: Pipeline, name: str) -> PipelineTest | None:
    return PipelineTest.objects.filter(pipeline=pipeline, name=name).first()


def _same(test: PipelineTest, spec: TestSpec) -> bool:
    return test.spec == stored_spec(spec) and test.description == spec.description


def kind_plan(*, user, document: ParsedDocument) -> DocumentPlan:
    model: PipelineTestDocument = document.model  # type: ignore[assignment]
    target = f"{model.metadata.pipeline}/{model.metadata.name}"
    problems, pipeline, spec = _refusals(document, user=user)
    if problems or pipeline is None or spec is None:
        return DocumentPlan(document=document, action="refused", target=target, problems=problems)
    test = _existing(pipeline, spec.name)
    action = "create" if test is None else "unchanged" if _same(test, spec) else "update"
    return DocumentPlan(document=document, action=action, target=target, object_id=getattr(test, "pk", None))


def kind_apply(
    *, user, document: ParsedDocument, as_version: bool, author: str = "", commit: str = ""
) -> DocumentResult:
    """Create or replace the test (``as_version``, ``author`` and ``commit`` concern pipelines only)."""
    problems, pipeline, spec = _refusals(document, user=user)
    if problems or pipeline is None or spec is None:
        raise DocumentRejected(problems)
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
