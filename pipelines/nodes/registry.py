"""The node-type registry. Built-in types register on import; third parties via the
``sluice.nodes`` entry-point group (each entry point names a module or a NodeType class)."""

from __future__ import annotations

import importlib
import logging
from importlib.metadata import entry_points

from pipelines.nodes.base import FAMILIES, NodeType

log = logging.getLogger(__name__)
_REGISTRY: dict[str, NodeType] = {}
BUILTIN_MODULES = (
    "pipelines.nodes.sources",
    "pipelines.nodes.transforms",
    "pipelines.nodes.quality",
    "pipelines.nodes.destinations",
    "pipelines.nodes.calls",
)
ENTRY_POINT_GROUP = "sluice.nodes"


def register(cls: type[NodeType]) -> type[NodeType]:
    if not getattr(cls, "key", None):
        raise TypeError(f"{cls.__name__} has no key")
    if cls.family not in FAMILIES:
        raise TypeError(f"{cls.key}: family must be one of {FAMILIES}")
    existing = _REGISTRY.get(cls.key)
    if existing is not None and type(existing) is not cls:
        raise ValueError(f"node type {cls.key!r} is already registered by {type(existing).__module__}")
    _REGISTRY[cls.key] = cls()
    return cls


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def get(key: str) -> NodeType | None:
    return _REGISTRY.get(key)


def all_types() -> list[NodeType]:
    order = {f: i for i, f in enumerate(FAMILIES)}
    return sorted(_REGISTRY.values(), key=lambda t: (order[t.family], t.key))


def load_builtin() -> None:
    for module in BUILTIN_MODULES:
        importlib.import_module(module)


def load_plugins() -> None:
    """Node types of installed packages (the ``sluice.nodes`` entry points) and of the modules named in
    the SLUICE_NODE_MODULES setting (your own types, without packaging them)."""
    from django.conf import settings

    for module in getattr(settings, "SLUICE_NODE_MODULES", []):
        importlib.import_module(module)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
        except Exception:  # a broken plugin must not take the service down
            log.exception("could not load node plugin %s", ep.name)
            continue
        if isinstance(obj, type) and issubclass(obj, NodeType) and obj.key not in _REGISTRY:
            register(obj)
