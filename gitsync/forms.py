"""The repository form of the pages (the same fields as the API's RepositoryInput)."""

from __future__ import annotations

from django import forms

from core.forms import BootstrapFormMixin
from pipelines.models import Connection
from pipelines.selectors import connections_visible_to


class RepositoryForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(max_length=200)
    url = forms.CharField(
        label="URL",
        max_length=1000,
        help_text="https://host/org/repo.git, ssh://git@host/org/repo.git, git@host:org/repo.git, or a local path "
        "inside the directories the server allows.",
    )
    branch = forms.CharField(max_length=200, initial="main")
    folder = forms.CharField(
        max_length=500, required=False, help_text="The folder holding the pipeline documents ('' is the root)."
    )
    credentials = forms.ModelChoiceField(
        queryset=Connection.objects.none(),
        required=False,
        help_text="A git connection with a deploy key (SSH) or a token (HTTPS). Public HTTPS needs none.",
    )
    known_hosts = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="SSH only: the host's keys (what ssh-keyscan prints). Hosts are checked strictly.",
    )
    sync_interval_minutes = forms.IntegerField(
        label="Sync every (minutes)",
        min_value=0,
        max_value=7 * 24 * 60,
        initial=15,
        help_text="0: never on a schedule.",
    )
    push_back = forms.BooleanField(
        required=False, help_text="Commit versions saved in Sluice back to the repository (the exported document)."
    )
    push_branch = forms.CharField(
        max_length=200, required=False, help_text="Where push back commits ('' is the sync branch)."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credentials"].queryset = connections_visible_to(user=user).filter(kind=Connection.Kind.GIT)
