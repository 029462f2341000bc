"""What a user may see, as filters usable on any model related to Pipeline."""

from __future__ import annotations

from django.db.models import Q

from pipelines import roles
from pipelines.selectors import pipelines_visible_to


def visible(user, path: str = "pipeline") -> Q:
    """A filter keeping rows whose pipeline (reached through ``path``) ``user`` may see. Admins see
    everything: no filter at all, so the planner is free to use the time indexes."""
    if roles.sees_everything(user):
        return Q()
    return Q(**{f"{path}__in": pipelines_visible_to(user=user).values("pk")})
