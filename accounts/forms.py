from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from accounts.models import ApiToken
from core.forms import BootstrapFormMixin
from pipelines import roles

EXPIRIES = [("", "Never"), ("7", "In 7 days"), ("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year")]


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(max_length=100, help_text="What uses it: a CI job, a script.")
    role = forms.ChoiceField(help_text="The most the token may do: at most your own role.")
    expires = forms.ChoiceField(choices=EXPIRIES, required=False, label="Expires")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(v, label) for v, label in ApiToken.Role.choices if roles.has_role(user, v)]

    def expires_at(self):
        days = self.cleaned_data.get("expires")
        return timezone.now() + timedelta(days=int(days)) if days else None
