"""The kinds of document Sluice reads: ``register_kind("Pipeline", PipelineDocument, apply=...)``.

A kind is an ``apiVersion``/``kind`` pair with a pydantic model (extra fields forbidden: the model is
also the JSON Schema of ``/api/schema/pipeline-document.json``) and the functions that act on a parsed
document of it:

- ``apply(*, user, document, as_version, author, commit) -> DocumentResult``: write it (one transaction);
- ``plan(*, user, document) -> DocumentPlan``: what ``apply`` would do, writing nothing (the dry run);
- ``check(model) -> [(path, message)]``: checks beyond the model's that need no database (optional);
- ``order``: documents are applied by ascending order (pipelines, 10, before what refers to them).

The Pipeline kind registers when ``pipelines.documents`` is imported (its ``__init__`` imports
``.pipeline``); other kinds (``PipelineTest`` ...) register in their AppConfig.ready.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

API_VERSION = "sluice.dev/v1"


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[BaseModel]
    apply: Callable[..., Any]
    plan: Callable[..., Any] | None = None
    check: Callable[[BaseModel], Iterable[tuple[str, str]]] | None = None
    api_version: str = API_VERSION
    order: int = 50
    # Documents written before apiVersion/kind existed (the ``sluice: 1`` export) and their model.
    legacy_model: type[BaseModel] | None = None
    legacy_match: Callable[[dict], bool] | None = None

    def is_legacy(self, data: dict) -> bool:
        return (
            self.legacy_match is not None
            and "apiVersion" not in data
            and "kind" not in data
            and self.legacy_match(data)
        )


_KINDS: dict[tuple[str, str], Kind] = {}


def register_kind(
    name: str,
    model: type[BaseModel],
    *,
    apply: Callable[..., Any],
    plan: Callable[..., Any] | None = None,
    check: Callable[[BaseModel], Iterable[tuple[str, str]]] | None = None,
    api_version: str = API_VERSION,
    order: int = 50,
    legacy_model: type[BaseModel] | None = None,
    legacy_match: Callable[[dict], bool] | None = None,
) -> Kind:
    """Register (or replace: a reload registers again) the kind ``name`` of ``api_version``."""
    kind = Kind(
        name=name,
        model=model,
        apply=apply,
        plan=plan,
        check=check,
        api_version=api_version,
        order=order,
        legacy_model=legacy_model,
        legacy_match=legacy_match,
    )
    _KINDS[(api_version, name)] = kind
    return kind


def registered() -> list[Kind]:
    """Every kind, in apply order."""
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.api_version, k.name))


def api_versions() -> set[str]:
    return {k.api_version for k in registered()}


def get(name: str, api_version: str = API_VERSION) -> Kind | None:
    return _KINDS.get((api_version, name))


def kind_of(data: dict) -> Kind | None:
    """The kind of the mapping ``data`` (its apiVersion and kind, or a legacy shape), None when unknown."""
    api_version, name = data.get("apiVersion"), data.get("kind")
    if isinstance(api_version, str) and isinstance(name, str):
        return _KINDS.get((api_version, name))
    if api_version is None and name is None:
        return next((k for k in registered() if k.is_legacy(data)), None)
    return None
