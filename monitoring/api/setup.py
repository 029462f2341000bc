"""GET /api/setup/checklist/: the admin setup checklist (monitoring.selectors.setup), admins only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.onboarding import onboarding_for
from monitoring.selectors.setup import setup_checklist
from pipelines import roles


class IsSluiceAdmin(BasePermission):
    message = "The setup checklist is for admins."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and roles.sees_everything(request.user))


class ChecklistItemOutput(serializers.Serializer):
    key = serializers.ChoiceField(choices=["identity", "email", "workers", "redis", "connection", "run"])
    title = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["ok", "todo", "optional"], help_text="optional: not needed in this set-up (the detail says why)."
    )
    detail = serializers.CharField(help_text="What was found in the running system.")
    fix_url = serializers.CharField(help_text="The page where it is fixed or looked at.")
    fix_label = serializers.CharField()


class ChecklistOutput(serializers.Serializer):
    items = ChecklistItemOutput(many=True)
    done = serializers.IntegerField(help_text="Items ok or optional.")
    dismissed = serializers.BooleanField(help_text="You hid it from the dashboard (PATCH /api/me/onboarding/).")


class SetupChecklistApi(APIView):
    permission_classes = [IsSluiceAdmin]

    @extend_schema(
        tags=["onboarding"],
        responses=ChecklistOutput,
        summary="The setup checklist: identity provider, email, workers, Redis, a connection, a successful run",
        description="Each item's status is read from the running system when asked. Admins only.",
    )
    def get(self, request):
        state = onboarding_for(user=request.user)
        items = setup_checklist(console_email_accepted=state.console_email_accepted)
        data = {
            "items": [vars(i) for i in items],
            "done": sum(i.done for i in items),
            "dismissed": state.checklist_dismissed,
        }
        return Response(ChecklistOutput(data).data)
