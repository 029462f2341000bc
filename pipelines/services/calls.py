"""What ``pipeline.call`` nodes may call: the versions of the pipelines a user may see.

``call_resolver(user=...)`` is the ``resolve_call`` of a validation context (see
``pipelines.validation.calls``): a pipeline the user may not see is reported exactly like one that
does not exist, so a call never reveals another user's private pipeline."""

from __future__ import annotations

from pipelines.models import Pipeline, PipelineVersion
from pipelines.selectors import pipelines_visible_to
from pipelines.validation.calls import CalledVersion, Resolver


def call_resolver(*, user) -> Resolver:
    """Looks up (pipeline id, version number or None for the current one) among what ``user`` sees."""

    def resolve(pipeline_id: int, version: int | None) -> CalledVersion | None:
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        pipeline = pipelines_visible_to(user=user).filter(pk=pipeline_id).select_related("current_version").first()
        if pipeline is None:
            return None
        found = CalledVersion(pipeline_id=pipeline.pk, name=pipeline.name)
        if version is None:
            chosen = pipeline.current_version
        else:
            chosen = PipelineVersion.objects.filter(pipeline=pipeline, number=version).first()
        if chosen is not None:
            found.version, found.version_id, found.graph = chosen.number, chosen.pk, chosen.graph
        return found

    return resolve


def call_context(*, user, pipeline: Pipeline | None = None, pipeline_id: int | None = None) -> dict:
    """The ``call_scope`` of a validation context: calls resolve among the pipelines the caller's owner may
    see (``user``'s for a graph of no saved pipeline), and a call back to the caller is a cycle. Lazy: a
    graph without calls costs no query."""

    def scope() -> tuple[Resolver, tuple[int, str] | None]:
        caller = pipeline
        if caller is None and pipeline_id is not None:
            caller = Pipeline.objects.select_related("owner").filter(pk=pipeline_id).first()
        if caller is None or caller.pk is None:
            return call_resolver(user=user), None
        return call_resolver(user=caller.owner), (caller.pk, caller.name)

    return {"call_scope": scope}
