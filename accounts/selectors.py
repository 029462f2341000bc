"""Reads of personal API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import ApiToken
from pipelines import roles


def tokens_visible_to(*, user) -> QuerySet[ApiToken]:
    """One's own tokens; an admin's: everyone's."""
    qs = ApiToken.objects.select_related("owner")
    return qs if roles.sees_everything(user) else qs.filter(owner=user)


def tokens_of(*, user) -> QuerySet[ApiToken]:
    """Only ``user``'s own tokens (the page)."""
    return ApiToken.objects.filter(owner=user)


def token_by_prefix(prefix: str) -> ApiToken | None:
    return ApiToken.objects.select_related("owner").filter(prefix=prefix).first()
