"""Forms of the inbox page."""

from __future__ import annotations

from django import forms


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("all", "All"), ("unread", "Unread only")],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def unread_only(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("show") == "unread"
