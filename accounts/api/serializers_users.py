"""Users, the audit log and sessions in the API (admins manage users; everyone their own sessions)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers

from accounts.models import ApiToken, AuditEvent, UserSession
from accounts.users import role_of


class UserOutput(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()
    invite_pending = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "role",
            "is_active",
            "invite_pending",
            "last_login",
            "date_joined",
        ]
        read_only_fields = fields

    def get_role(self, user) -> str | None:
        """viewer, editor, operator or admin (staff accounts are admins); null: no role."""
        return role_of(user)

    def get_invite_pending(self, user) -> bool:
        """Invited and has not set a password yet."""
        return not user.has_usable_password()


class UserInvitedOutput(UserOutput):
    invite_url = serializers.CharField(read_only=True, help_text="The one-time link (also emailed).")
    invite_sent = serializers.BooleanField(read_only=True, help_text="Whether the email went out.")

    class Meta(UserOutput.Meta):
        fields = [*UserOutput.Meta.fields, "invite_url", "invite_sent"]
        read_only_fields = fields


class UserInviteInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=ApiToken.Role.choices)
    username = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        default="",
        help_text="Default: the email's local part (made unique).",
    )
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class UserPatchInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254, required=False)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=ApiToken.Role.choices, required=False)
    is_active = serializers.BooleanField(required=False)


class InviteResentOutput(serializers.Serializer):
    invite_url = serializers.CharField()
    invite_sent = serializers.BooleanField()


class AuditEventOutput(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_label", help_text="The user name of who did it (empty: the system).")

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor",
            "actor_id",
            "action",
            "target_type",
            "target_id",
            "target_label",
            "changes",
            "ip",
        ]
        read_only_fields = fields


class UserSessionOutput(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()

    class Meta:
        model = UserSession
        fields = ["id", "user_agent", "ip", "created_at", "last_seen_at", "current"]
        read_only_fields = fields

    def get_current(self, row) -> bool:
        """The session of this request."""
        session = getattr(self.context.get("request"), "session", None)
        return session is not None and session.session_key == row.session_key
