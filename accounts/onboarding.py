"""The first-run flow's state per user: the builder's guided tour (where it resumes, finished or skipped)
and the admin setup checklist (dismissed, console email accepted). Read with ``onboarding_for`` (defaults,
unsaved, for someone who never started); written with ``onboarding_update``."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from accounts.onboarding_models import OnboardingState

# The builder's tour, in order: the ``data-tour`` attribute each step points at (static/js/tour.js holds
# the words; a step whose target is not on the page, e.g. Run for a user who may not run, is passed over).
TOUR_STEPS = ("palette", "canvas", "inspector", "validate", "dry-run", "save", "run")
FIELDS = ("tour_status", "tour_step", "checklist_dismissed", "console_email_accepted")


def onboarding_for(*, user) -> OnboardingState:
    """The user's onboarding state; the defaults (unsaved) when nothing was recorded yet. Never writes."""
    found = OnboardingState.objects.filter(user=user).first()
    return found if found is not None else OnboardingState(user=user)


def validate(values: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values.get("tour_status") not in OnboardingState.Tour.values:
        errors["tour_status"] = [f"Choose one of: {', '.join(OnboardingState.Tour.values)}."]
    step = values.get("tour_step")
    if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step < len(TOUR_STEPS):
        errors["tour_step"] = [f"A step number from 0 to {len(TOUR_STEPS) - 1}."]
    for flag in ("checklist_dismissed", "console_email_accepted"):
        if not isinstance(values.get(flag), bool):
            errors[flag] = ["true or false."]
    return errors


def onboarding_update(*, user, **changes) -> OnboardingState:
    """Change some of the user's onboarding state (the rest keeps its value); raises ValidationError with
    field errors and writes nothing then. Finishing or skipping the tour sets its step back to 0, so that
    restarting it starts at the palette."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError({name: ["Not an onboarding field."] for name in sorted(unknown)})
    state = onboarding_for(user=user)
    values = {field: getattr(state, field) for field in FIELDS} | changes
    errors = validate(values)
    if errors:
        raise ValidationError(errors)
    if values["tour_status"] in (OnboardingState.Tour.DONE, OnboardingState.Tour.SKIPPED):
        values["tour_step"] = 0
    for field, value in values.items():
        setattr(state, field, value)
    state.save()
    return state


def tour_restart(*, user) -> OnboardingState:
    """Start the tour again from its first step (the user menu's *Take the builder tour*)."""
    return onboarding_update(user=user, tour_status=OnboardingState.Tour.ACTIVE, tour_step=0)
