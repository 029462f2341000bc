from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth.forms import SetPasswordForm
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


ROLE_CHOICES = [(v, label) for v, label in ApiToken.Role.choices]


class InviteForm(BootstrapFormMixin, forms.Form):
    email = forms.EmailField(max_length=254)
    role = forms.ChoiceField(choices=ROLE_CHOICES, initial=roles.VIEWER)
    username = forms.CharField(
        max_length=150,
        required=False,
        label="User name",
        help_text="Optional: by default the email's part before the @.",
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES)


class AuditFilterForm(BootstrapFormMixin, forms.Form):
    actor = forms.CharField(max_length=150, required=False, label="Who (user name)")
    action = forms.ChoiceField(required=False, choices=[("", "Any action")], label="Action")
    target_type = forms.ChoiceField(
        required=False,
        label="Target",
        choices=[("", "Any target"), ("user", "User"), ("token", "Token"), ("session", "Session")],
    )
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="Until (inclusive)", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from accounts.audit import ACTIONS

        super().__init__(*args, **kwargs)
        prefixes = sorted({a.split(".")[0] + "." for a in ACTIONS})
        self.fields["action"].choices = (
            [("", "Any action")] + [(p, f"{p}*") for p in prefixes] + [(a, a) for a in ACTIONS]
        )


class InvitePasswordForm(BootstrapFormMixin, SetPasswordForm):
    """The invitation link's form: the first password, twice."""
