"""The Polars passes a run collects, as explained plans: for tests of what the engine puts in one pass."""

from __future__ import annotations

import polars as pl


def spy_passes(monkeypatch) -> list[str]:
    """Replace ``pl.collect_all`` with one that records the explained plans (with the pass's optimisations)
    before collecting; returns the list they are appended to."""
    passes: list[str] = []
    real_collect_all = pl.collect_all

    def spy(plans, **kw):
        passes.append(pl.explain_all(plans, optimizations=kw.get("optimizations", pl.QueryOptFlags())))
        return real_collect_all(plans, **kw)

    monkeypatch.setattr(pl, "collect_all", spy)
    return passes
