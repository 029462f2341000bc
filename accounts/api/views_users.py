"""/api/users/ (admins: list, invite, change, deactivate, reactivate, re-invite), /api/audit/ (admins) and
/api/sessions/ (one's own browser sessions). Thin: the work is in accounts.users and accounts.sessions."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, sessions, users
from accounts.api import serializers_users as s
from accounts.models import AuditEvent, UserSession
from core.ids import utc_moment
from pipelines import roles

USERS, AUDIT, SESSIONS = ["users"], ["audit"], ["sessions"]


class IsAdmin(permissions.BasePermission):
    message = "Only an admin manages users and reads the audit log."

    def has_permission(self, request, view) -> bool:
        return roles.sees_everything(request.user)


def _q(name: str, description: str, type_=str, enum=None) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, required=False, description=description, enum=enum)


class UserListApi(generics.ListAPIView):
    serializer_class = s.UserOutput
    permission_classes = [permissions.IsAuthenticated, IsAdmin]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return get_user_model().objects.none()
        p = self.request.query_params
        return selectors.users_list(
            q=p.get("search", ""), role=p.get("role", ""), active=p.get("active", ""), order=p.get("ordering", "")
        )

    @extend_schema(
        tags=USERS,
        summary="Users with their role, state and last sign-in (admins)",
        parameters=[
            _q("search", "In user name, email, first and last name."),
            _q("role", "Only this role.", enum=list(roles.ROLES)),
            _q("active", "Only active (true) or deactivated (false) users.", enum=["true", "false"]),
            _q("ordering", "Sort order.", enum=list(selectors.USER_ORDER)),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=USERS,
        request=s.UserInviteInput,
        responses={201: s.UserInvitedOutput},
        summary="Invite a user: an account without a password and an email with a one-time link (admins)",
    )
    def post(self, request, *args, **kwargs):
        data = s.UserInviteInput(data=request.data)
        data.is_valid(raise_exception=True)
        user, url, sent = users.user_invite(
            actor=request.user, base_url=request.build_absolute_uri("/"), **data.validated_data
        )
        body = s.UserInvitedOutput(user).data | {"invite_url": url, "invite_sent": sent}
        return Response(body, status=status.HTTP_201_CREATED)


class _UserObject(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAdmin]

    def user(self, pk: int):
        return get_object_or_404(get_user_model().objects.all(), pk=pk)


class UserDetailApi(_UserObject):
    @extend_schema(tags=USERS, responses={200: s.UserOutput}, summary="A user (admins)")
    def get(self, request, pk: int):
        return Response(s.UserOutput(self.user(pk)).data)

    @extend_schema(
        tags=USERS,
        request=s.UserPatchInput,
        responses={200: s.UserOutput},
        summary="Change a user's role, name, email or active state (admins; not yourself below admin, "
        "not the last admin)",
    )
    def patch(self, request, pk: int):
        user = self.user(pk)
        data = s.UserPatchInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        users.user_update(actor=request.user, user=user, **data.validated_data)
        return Response(s.UserOutput(self.user(pk)).data)


class UserDeactivateApi(_UserObject):
    @extend_schema(
        tags=USERS,
        request=None,
        responses={200: s.UserOutput},
        summary="Deactivate a user: no sign-in, sessions end, tokens stop (admins; not yourself, not the last admin)",
    )
    def post(self, request, pk: int):
        user = self.user(pk)
        users.user_deactivate(actor=request.user, user=user)
        return Response(s.UserOutput(user).data)


class UserReactivateApi(_UserObject):
    @extend_schema(tags=USERS, request=None, responses={200: s.UserOutput}, summary="Reactivate a user (admins)")
    def post(self, request, pk: int):
        user = self.user(pk)
        users.user_reactivate(actor=request.user, user=user)
        return Response(s.UserOutput(user).data)


class UserInviteApi(_UserObject):
    @extend_schema(
        tags=USERS,
        request=None,
        responses={200: s.InviteResentOutput},
        summary="Send the invitation again, with a new link (admins; a user who has not set a password)",
    )
    def post(self, request, pk: int):
        url, sent = users.user_invite_resend(
            actor=request.user, user=self.user(pk), base_url=request.build_absolute_uri("/")
        )
        return Response({"invite_url": url, "invite_sent": sent})


def _when(params, name: str):
    raw = params.get(name, "")
    if not raw:
        return None
    try:
        value = parse_datetime(raw[:40])
        value = utc_moment(value) if value is not None else None
    except ValueError:  # well formed but not a date (month 13), or out of range once in UTC
        value = None
    if value is None:
        raise ValidationError({name: ["An ISO 8601 date and time, e.g. 2026-01-31T12:00:00Z."]})
    return value


class AuditListApi(generics.ListAPIView):
    serializer_class = s.AuditEventOutput
    permission_classes = [permissions.IsAuthenticated, IsAdmin]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        p = self.request.query_params
        return selectors.audit_events(
            actor=p.get("actor", ""),
            action=p.get("action", ""),
            target_type=p.get("target_type", ""),
            target_id=p.get("target_id", ""),
            since=_when(p, "since"),
            until=_when(p, "until"),
        )

    @extend_schema(
        tags=AUDIT,
        summary="The audit log, newest first (admins)",
        parameters=[
            _q("actor", "The user name of who did it."),
            _q("action", "An action (user.invited) or a prefix ending in a dot (user.)."),
            _q("target_type", "user, token or session."),
            _q("target_id", "The target's id."),
            _q("since", "From this time on (ISO 8601).", OpenApiTypes.DATETIME),
            _q("until", "Before this time (ISO 8601).", OpenApiTypes.DATETIME),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SessionListApi(generics.ListAPIView):
    serializer_class = s.UserSessionOutput
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return UserSession.objects.none()
        return sessions.sessions_of(user=self.request.user)

    @extend_schema(tags=SESSIONS, summary="Your signed-in browser sessions, most recently used first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SessionDetailApi(APIView):
    @extend_schema(tags=SESSIONS, responses={204: None}, summary="Sign one of your sessions out")
    def delete(self, request, pk: int):
        row = get_object_or_404(UserSession.objects.select_related("user"), pk=pk, user=request.user)
        sessions.session_revoke(actor=request.user, session=row)
        return Response(status=status.HTTP_204_NO_CONTENT)
