"""The Preferences page (user menu → Preferences): theme, time zone, density, landing page, notification
channels and quiet hours; saved through ``accounts.preferences.preferences_update``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.preferences import CHANNELS, FIELDS, preferences_for, preferences_update, time_zones
from accounts.preferences_models import UserPreferences
from core.forms import BootstrapFormMixin, apply_service_errors

CHANNEL_LABELS = {"in_app": "In the app (the inbox)", "email": "Email"}


class PreferencesForm(BootstrapFormMixin, forms.Form):
    theme = forms.ChoiceField(choices=UserPreferences.Theme.choices, widget=forms.RadioSelect)
    time_zone = forms.ChoiceField(label="Time zone", help_text="Times on the pages are shown in this zone.")
    density = forms.ChoiceField(choices=UserPreferences.Density.choices, widget=forms.RadioSelect)
    landing_page = forms.ChoiceField(
        choices=UserPreferences.Landing.choices, label="Landing page", help_text="Where signing in takes you."
    )
    channels = forms.MultipleChoiceField(
        choices=[(c, CHANNEL_LABELS[c]) for c in CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Notification channels",
        help_text=(
            "Without In the app, notifications do not reach your inbox; without Email, no notification email is sent."
        ),
    )
    quiet_start = forms.TimeField(
        required=False,
        label="Quiet hours start",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Email notifications are held during quiet hours and sent when they end.",
    )
    quiet_end = forms.TimeField(
        required=False, label="Quiet hours end", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(z, z) for z in sorted(time_zones())]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def preferences_page(request):
    prefs = preferences_for(user=request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                preferences_update(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Preferences saved.")
                return redirect("accounts:preferences")
    else:
        form = PreferencesForm(initial={field: getattr(prefs, field) for field in FIELDS})
    status = 400 if form.is_bound else 200
    return render(request, "accounts/preferences.html", {"form": form}, status=status)
