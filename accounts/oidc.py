"""Sign-in with an OpenID Connect provider (mozilla-django-oidc), on when ``SLUICE_OIDC_ISSUER`` is set.

The provider's endpoints come from its discovery document (``<issuer>/.well-known/openid-configuration``,
fetched once and cached). The first sign-in creates the user; every sign-in sets their role from the
groups claim (``SLUICE_OIDC_GROUPS_CLAIM``) through ``SLUICE_OIDC_ROLE_MAP`` (the highest mapped role
wins; no mapped group: ``SLUICE_OIDC_DEFAULT_ROLE``, or no sign-in when that is empty). Without a role map
the default role is only the new user's first: admins manage roles in Sluice. Users are found by email.
Role changes and creations are audit rows (actor: none, "via": "oidc")."""

from __future__ import annotations

import logging
import re
import threading

import requests
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts import audit
from pipelines import roles

log = logging.getLogger(__name__)
_DISCOVERY_KEYS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_lock = threading.Lock()
_discovered: dict[str, dict] = {}


def enabled() -> bool:
    return bool(getattr(settings, "SLUICE_OIDC_ISSUER", ""))


def discovery(issuer: str | None = None) -> dict:
    """The provider's discovery document (cached per issuer). Its ``issuer`` must be the configured one."""
    issuer = (issuer or settings.SLUICE_OIDC_ISSUER).rstrip("/")
    with _lock:
        if issuer in _discovered:
            return _discovered[issuer]
    url = f"{issuer}/.well-known/openid-configuration"
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT, verify=settings.OIDC_VERIFY_SSL)
    response.raise_for_status()
    document = response.json()
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ImproperlyConfigured(f"{url} names issuer {document.get('issuer')!r}, not {issuer!r}")
    with _lock:
        _discovered[issuer] = document
    return document


def _setting(attr: str, *args):
    if attr in _DISCOVERY_KEYS and enabled() and not getattr(settings, attr, None):
        return discovery().get(_DISCOVERY_KEYS[attr], *args[:1])
    return import_from_settings(attr, *args)


def role_from_claims(claims: dict) -> str | None:
    """The highest role the groups claim maps to; else the default role (None: not allowed in)."""
    groups = claims.get(settings.SLUICE_OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = re.split(r"[,\s]+", groups)
    mapped = {settings.SLUICE_OIDC_ROLE_MAP.get(str(g)) for g in groups if isinstance(g, str | int)}
    mapped = [r for r in mapped if r in roles.ROLES]
    if mapped:
        return max(mapped, key=roles.ROLES.index)
    return settings.SLUICE_OIDC_DEFAULT_ROLE or None


def _set_role(user, role: str) -> str | None:
    user.__dict__.pop("_sluice_role", None)
    before = roles.user_role(user)
    if before == role:
        return before
    user.groups.remove(*Group.objects.filter(name__in=roles.ROLES))
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    if role != roles.ADMIN and (user.is_staff or user.is_superuser):
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("_sluice_role", None)
    return before


class SluiceOIDCBackend(OIDCAuthenticationBackend):
    """Only answers the OIDC callback (code + state); a password sign-in passes it by."""

    get_settings = staticmethod(_setting)

    def __init__(self, *args, **kwargs):
        self.ready = False
        if not enabled():
            return
        try:
            super().__init__(*args, **kwargs)
        except (requests.RequestException, ImproperlyConfigured, ValueError):
            log.exception("OIDC provider %s: discovery failed", settings.SLUICE_OIDC_ISSUER)
            return
        self.ready = True

    def authenticate(self, request, **kwargs):
        """Only on the callback page (a password form posted with ``?code=`` is not ours)."""
        if not self.ready or request is None or request.path != reverse("accounts:oidc-callback"):
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException:  # a wrong or spent code, the provider down: no sign-in, no 500
            log.warning("OIDC sign-in failed talking to the provider", exc_info=True)
            return None

    def verify_claims(self, claims) -> bool:
        if not claims.get("email") or claims.get("email_verified") is False:
            log.warning("OIDC sign-in refused: no verified email in the claims")
            return False
        if role_from_claims(claims) is None:
            log.warning("OIDC sign-in refused for %s: no group maps to a role", claims.get("email"))
            return False
        return True

    def _username(self, claims) -> str:
        wanted = str(claims.get("preferred_username") or claims["email"].split("@", 1)[0])
        base = re.sub(r"[^\w.@+-]", "", wanted)[:140] or "user"
        name, n = base, 1
        while self.UserModel.objects.filter(username__iexact=name).exists():
            n += 1
            name = f"{base}{n}"
        return name

    def create_user(self, claims):
        role = role_from_claims(claims)
        with transaction.atomic():
            user = self.UserModel(
                username=self._username(claims),
                email=claims["email"][:254],
                first_name=str(claims.get("given_name", ""))[:150],
                last_name=str(claims.get("family_name", ""))[:150],
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get_or_create(name=role)[0])
            audit.record(
                actor=None,
                action="user.oidc_created",
                target=user,
                target_type="user",
                changes={"role": role, "via": "oidc", "issuer": settings.SLUICE_OIDC_ISSUER},
            )
        return user

    def update_user(self, user, claims):
        if not settings.SLUICE_OIDC_ROLE_MAP:
            return user  # no mapping: roles are managed in Sluice (the default role was only the first)
        role = role_from_claims(claims)
        with transaction.atomic():
            before = _set_role(user, role)
            if before != role:
                audit.record(
                    actor=None,
                    action="user.role_changed",
                    target=user,
                    target_type="user",
                    changes={"role": [before, role], "via": "oidc"},
                )
        return user


class OIDCSignInView(OIDCAuthenticationRequestView):
    """/oidc/authenticate/: to the provider (a 404 when OIDC is off)."""

    get_settings = staticmethod(_setting)

    def __init__(self, *args, **kwargs):
        if enabled():
            super().__init__(*args, **kwargs)

    def get(self, request):
        if not enabled():
            raise Http404("OIDC sign-in is not configured.")
        return super().get(request)


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """/oidc/callback/: back from the provider (a 404 when OIDC is off)."""

    get_settings = staticmethod(_setting)

    def get(self, request):
        if not enabled():
            raise Http404("OIDC sign-in is not configured.")
        return super().get(request)
