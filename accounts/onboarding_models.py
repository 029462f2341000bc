"""What a user has seen of the first-run flow: where they are in the builder's guided tour, and (admins) the
setup checklist dismissed and the console email backend accepted. Imported by ``accounts.models`` so
Django finds it; the rules live in ``accounts.onboarding``."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OnboardingState(models.Model):
    class Tour(models.TextChoices):
        NEW = "new", "Not started"
        ACTIVE = "active", "In progress"
        DONE = "done", "Finished"
        SKIPPED = "skipped", "Skipped"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sluice_onboarding")
    tour_status = models.CharField(max_length=8, choices=Tour.choices, default=Tour.NEW)
    tour_step = models.PositiveSmallIntegerField(default=0, help_text="The step the tour resumes at (0-based).")
    checklist_dismissed = models.BooleanField(default=False)
    console_email_accepted = models.BooleanField(
        default=False, help_text="The admin accepted the console email backend (emails go to the log)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"onboarding of {self.user}"
