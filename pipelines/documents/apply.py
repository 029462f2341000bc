"""Dry run and apply of parsed documents of any kind, one at a time or a whole set.

``documents_plan`` writes nothing; ``documents_apply`` applies documents in kind order (pipelines
before what refers to them) in ONE transaction: a set with any problem changes nothing. Callers that
want a file at a time (``manage.py import_pipeline``) call ``document_apply`` per file.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from pipelines.documents import kinds
from pipelines.documents.parsing import DocumentProblem, ParsedDocument
from pipelines.documents.results import DocumentPlan, DocumentResult


class DocumentsRejected(ValueError):
    """Some documents cannot be applied: ``problems`` maps each document's label to its problems."""

    def __init__(self, problems: list[tuple[ParsedDocument, list[DocumentProblem]]]):
        self.problems = problems
        super().__init__("; ".join(f"{doc.label}: {len(found)} problem(s)" for doc, found in problems))


def _kind(document: ParsedDocument) -> kinds.Kind:
    kind = kinds.get(document.kind, document.api_version)
    if kind is None:  # documents_parse never recognises one without a kind; a caller-made document might
        raise ValueError(f"{document.label}: unknown kind {document.kind!r}")
    return kind


def _ordered(documents: Iterable[ParsedDocument]) -> list[ParsedDocument]:
    return sorted(documents, key=lambda d: (_kind(d).order, d.filename or "", d.index))


def document_plan(*, user, document: ParsedDocument) -> DocumentPlan:
    """What applying ``document`` would do; a document with parse problems is ``refused`` with them."""
    if not document.ok:
        return DocumentPlan(document=document, action="refused", problems=list(document.problems))
    kind = _kind(document)
    if kind.plan is None:
        return DocumentPlan(document=document, action="apply")
    return kind.plan(user=user, document=document)


def documents_plan(*, user, documents: Iterable[ParsedDocument]) -> list[DocumentPlan]:
    return [document_plan(user=user, document=document) for document in documents]


def document_apply(
    *, user, document: ParsedDocument, as_version: bool, author: str = "", commit: str = ""
) -> DocumentResult:
    """Apply one document (its kind's ``apply``, one transaction). ``as_version``: also snapshot a version.

    ``author``/``commit`` (git sync) go into the version's message. Raises ValidationError (for the
    Pipeline kind a ``DocumentRejected`` whose ``problems`` carry paths and lines) or DocumentsRejected
    when the document had parse problems."""
    if not document.ok:
        raise DocumentsRejected([(document, list(document.problems))])
    kind = _kind(document)
    with transaction.atomic():
        return kind.apply(user=user, document=document, as_version=as_version, author=author, commit=commit)


def documents_apply(
    *, user, documents: Iterable[ParsedDocument], as_version: bool, author: str = "", commit: str = ""
) -> list[DocumentResult]:
    """Apply every document in kind order, all or nothing (one transaction)."""
    from django.core.exceptions import ValidationError

    documents = list(documents)
    broken = [(d, list(d.problems)) for d in documents if not d.ok]
    if broken:
        raise DocumentsRejected(broken)
    results = []
    with transaction.atomic():
        for document in _ordered(documents):
            try:
                results.append(
                    document_apply(user=user, document=document, as_version=as_version, author=author, commit=commit)
                )
            except ValidationError as exc:
                raise DocumentsRejected([(document, problems_from(document, exc))]) from exc
    return results


def problems_from(document: ParsedDocument, exc) -> list[DocumentProblem]:
    """The problems of a ValidationError raised while applying ``document`` (with lines when known)."""
    found = getattr(exc, "problems", None)
    if found is not None:
        return list(found)
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    return [document.problem("" if f == "__all__" else f, m) for f, texts in messages.items() for m in texts]
