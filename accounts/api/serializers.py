from __future__ import annotations

from rest_framework import serializers

from accounts.models import ApiToken


class ApiTokenOutput(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True)
    state = serializers.ChoiceField(choices=["active", "revoked", "expired"], read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "role",
            "prefix",
            "owner",
            "state",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
        ]
        read_only_fields = fields


class ApiTokenCreatedOutput(ApiTokenOutput):
    token = serializers.CharField(
        read_only=True, help_text="The token itself, `slu_<prefix>_<secret>`: shown this once, never again."
    )

    class Meta(ApiTokenOutput.Meta):
        fields = [*ApiTokenOutput.Meta.fields, "token"]
        read_only_fields = fields


class ApiTokenInput(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="What uses the token (a CI job, a script).")
    role = serializers.ChoiceField(
        choices=ApiToken.Role.choices, help_text="The most the token may do: at most your own role."
    )
    expires_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="When it stops working; none: never."
    )
