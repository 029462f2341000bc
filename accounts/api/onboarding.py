"""/api/me/onboarding/: the signed-in user's own first-run state (the builder tour, the admin checklist)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.onboarding import TOUR_STEPS, onboarding_for, onboarding_update
from accounts.onboarding_models import OnboardingState

TAGS = ["preferences"]


class OnboardingSerializer(serializers.Serializer):
    tour_status = serializers.ChoiceField(
        choices=OnboardingState.Tour.choices,
        help_text="new (never started: the builder starts it), active (resumes at tour_step), done, skipped.",
    )
    tour_step = serializers.IntegerField(
        min_value=0, max_value=len(TOUR_STEPS) - 1, help_text="The step the tour resumes at (0-based)."
    )
    tour_steps = serializers.SerializerMethodField(help_text="The steps, in order: the builder parts they show.")
    checklist_dismissed = serializers.BooleanField(help_text="Admins: the setup checklist is hidden.")
    console_email_accepted = serializers.BooleanField(
        help_text="Admins: the console email backend is accepted (the checklist counts email as done)."
    )
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_tour_steps(self, obj) -> list[str]:
        return list(TOUR_STEPS)


class OnboardingPatchSerializer(OnboardingSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class MyOnboardingApi(APIView):
    @extend_schema(tags=TAGS, responses=OnboardingSerializer, summary="Your onboarding state (the builder tour)")
    def get(self, request):
        return Response(OnboardingSerializer(onboarding_for(user=request.user)).data)

    @extend_schema(
        tags=TAGS,
        request=OnboardingPatchSerializer,
        responses=OnboardingSerializer,
        summary="Record where you are in the tour (or finish or skip it); admins dismiss the setup checklist",
    )
    def patch(self, request):
        data = OnboardingPatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k != "tour_steps"}
        try:
            state = onboarding_update(user=request.user, **changes)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(OnboardingSerializer(state).data)
