"""Writes of users and their roles, for admins: invite (an email with a one-time link to set a password),
change the role or the name, deactivate, reactivate. Every change writes an audit row in the same
transaction. An admin cannot demote or deactivate themselves, nor the last active admin.

Roles are Django groups (``pipelines.roles``); a staff or superuser account is an admin whatever its groups,
so demoting one also clears ``is_staff`` and ``is_superuser``."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.crypto import salted_hmac

from accounts import audit, sessions
from pipelines import roles

log = logging.getLogger(__name__)
User = get_user_model()
INVITE_SALT = "sluice.accounts.invite"


def _require_admin(actor) -> None:
    if not roles.sees_everything(actor):
        raise PermissionDenied("Only an admin manages users.")


def role_of(user) -> str | None:
    user.__dict__.pop("_sluice_role", None)  # never a cached (or token-capped) role for a target
    return roles.user_role(user)


def active_admins():
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name=roles.ADMIN))
        .distinct()
    )


def _guard(actor, user, *, what: str) -> None:
    """Refuse demoting or deactivating oneself, or the last active admin."""
    if user.pk == actor.pk:
        raise ValidationError({"role" if what == "demote" else "is_active": [f"You cannot {what} yourself."]})
    if role_of(user) == roles.ADMIN and user.is_active and not active_admins().exclude(pk=user.pk).exists():
        raise ValidationError({"role" if what == "demote" else "is_active": [f"Cannot {what} the last active admin."]})


# --- the invitation link -------------------------------------------------------------------------------


def _state(user) -> str:
    """Changes when the password is set (or the account deactivated): the link then stops working."""
    value = f"{user.pk}|{user.password}|{user.last_login}|{user.is_active}"
    return salted_hmac(INVITE_SALT, value, secret=settings.SECRET_KEY).hexdigest()[:24]


def invite_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=INVITE_SALT)


def invite_user(token: str):
    """The invited user the link names, or None when it is malformed, expired or already used."""
    if not isinstance(token, str) or len(token) > 300:
        return None
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=settings.SLUICE_INVITE_DAYS * 86400)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    if user is None or user.has_usable_password() or data.get("s") != _state(user):
        return None
    return user


def invite_url(user, *, base_url: str) -> str:
    base = (settings.SLUICE_PUBLIC_URL or base_url).rstrip("/")
    return f"{base}/account/invite/{invite_token(user)}/"


def _send_invite(user, url: str, *, actor) -> bool:
    body = (
        f"{actor.get_username()} invited you to Sluice as {role_of(user)}.\n\n"
        f"Choose a password to sign in (user name: {user.get_username()}):\n{url}\n\n"
        f"The link works once and for {settings.SLUICE_INVITE_DAYS} days."
    )
    try:
        send_mail("Your Sluice invitation", body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
    except Exception:  # an unreachable mail server: the admin still has the link
        log.exception("Could not send the invitation to user %s", user.pk)
        return False
    return True


# --- invite ----------------------------------------------------------------------------------------------


def _free_username(email: str) -> str:
    base = re.sub(r"[^\w.@+-]", "", email.split("@", 1)[0])[:140] or "user"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def _invite_errors(email: str, role: str, username: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
        if len(email) > 254:
            raise ValidationError("Too long.")
    except ValidationError:
        errors["email"] = ["Enter a valid email address."]
    else:
        if User.objects.filter(email__iexact=email).exists():
            errors["email"] = ["A user with this email exists."]
    if role not in roles.ROLES:
        errors["role"] = [f"One of {', '.join(roles.ROLES)}."]
    if username:
        try:
            UnicodeUsernameValidator()(username)
            if len(username) > 150:
                raise ValidationError("Too long.")
        except ValidationError:
            errors["username"] = ["Letters, digits and @/./+/-/_ only, at most 150."]
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = ["This user name is taken."]
    return errors


def user_invite(
    *, actor, email: str, role: str, base_url: str, username: str = "", first_name: str = "", last_name: str = ""
) -> tuple[object, str, bool]:
    """Create an account without a password and email it a link to set one. Returns the user, the link
    (for the admin to pass on when mail is not set up) and whether the email went out."""
    _require_admin(actor)
    if not settings.SLUICE_LOCAL_PASSWORDS:
        raise ValidationError({"email": ["Local passwords are off: people sign in with the identity provider."]})
    email, username = (email or "").strip(), (username or "").strip()
    errors = _invite_errors(email, role, username)
    if len(first_name or "") > 150 or len(last_name or "") > 150:
        errors["first_name"] = ["At most 150 characters."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User(
            username=username or _free_username(email),
            email=email,
            first_name=(first_name or "").strip(),
            last_name=(last_name or "").strip(),
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        audit.record(
            actor=actor, action="user.invited", target=user, target_type="user", changes={"email": email, "role": role}
        )
    url = invite_url(user, base_url=base_url)
    return user, url, _send_invite(user, url, actor=actor)


def user_invite_resend(*, actor, user, base_url: str) -> tuple[str, bool]:
    _require_admin(actor)
    if user.has_usable_password() or not user.is_active:
        raise ValidationError({"user": ["Only an active user who has not set a password yet can be invited."]})
    audit.record(actor=actor, action="user.invite_resent", target=user, target_type="user")
    url = invite_url(user, base_url=base_url)
    return url, _send_invite(user, url, actor=actor)


def invite_accept(*, user, password: str) -> None:
    """Set the invited user's first password (which also spends the link)."""
    password_validation.validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(actor=user, action="user.invite_accepted", target=user, target_type="user")


# --- change, deactivate, reactivate ----------------------------------------------------------------------


def user_set_role(*, actor, user, role: str) -> None:
    _require_admin(actor)
    if role not in roles.ROLES:
        raise ValidationError({"role": [f"One of {', '.join(roles.ROLES)}."]})
    before = role_of(user)
    if role == before:
        return
    if before == roles.ADMIN:
        _guard(actor, user, what="demote")
    with transaction.atomic():
        user.groups.remove(*Group.objects.filter(name__in=roles.ROLES))
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        if role != roles.ADMIN and (user.is_staff or user.is_superuser):
            user.is_staff = user.is_superuser = False
            user.save(update_fields=["is_staff", "is_superuser"])
        audit.record(
            actor=actor, action="user.role_changed", target=user, target_type="user", changes={"role": [before, role]}
        )
    user.__dict__.pop("_sluice_role", None)


def user_update(*, actor, user, **fields) -> None:
    """Change ``email``, ``first_name``, ``last_name``, ``role`` or ``is_active`` (PATCH), all or nothing."""
    _require_admin(actor)
    if "email" in fields and User.objects.filter(email__iexact=fields["email"]).exclude(pk=user.pk).exists():
        raise ValidationError({"email": ["A user with this email exists."]})
    with transaction.atomic():
        if "role" in fields:
            user_set_role(actor=actor, user=user, role=fields.pop("role"))
        active = fields.pop("is_active", None)
        if active is not None and active != user.is_active:
            (user_reactivate if active else user_deactivate)(actor=actor, user=user)
        changes = {k: [getattr(user, k), v] for k, v in fields.items() if getattr(user, k) != v}
        if not changes:
            return
        for key, (_, value) in changes.items():
            setattr(user, key, value)
        user.save(update_fields=list(changes))
        audit.record(actor=actor, action="user.updated", target=user, target_type="user", changes=changes)


def user_deactivate(*, actor, user) -> None:
    """The user can no longer sign in; their sessions end and their API tokens stop working."""
    _require_admin(actor)
    if not user.is_active:
        return
    _guard(actor, user, what="deactivate")
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = sessions.sessions_end_all(user=user)
        audit.record(
            actor=actor,
            action="user.deactivated",
            target=user,
            target_type="user",
            changes={"is_active": [True, False], "sessions_ended": ended},
        )


def user_reactivate(*, actor, user) -> None:
    _require_admin(actor)
    if user.is_active:
        return
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action="user.reactivated",
            target=user,
            target_type="user",
            changes={"is_active": [False, True]},
        )
