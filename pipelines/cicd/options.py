"""The options of a generated GitHub Actions workflow, validated (pydantic).

Every string a user gives ends up in the workflow: in YAML scalars, in ``env:`` values that ``run:`` lines read
as ``"$VAR"``, in the deploy job's ``if:`` expression. So each is held to a narrow alphabet that can break out of
none of them: no quotes, no ``$``, no ``{``/``}`` (so no ``${{ }}`` expression), no newline, no leading ``-``
(never an option of the CLI), no ``..`` (never outside the checkout).
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit

from croniter import croniter
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# A path inside the repository: segments of letters, digits, '.', '_' and '-'.
_SEGMENT = re.compile(r"^[A-Za-z0-9._-]+$")
# Branch names: git's check-ref-format rules, over the alphabet above plus '/' (no glob characters either:
# GitHub's branch filters would read them as patterns).
_BRANCH = re.compile(r"^[A-Za-z0-9._/-]+$")
# Django's slug alphabet (the Pipeline.slug field).
_SLUG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")
# Names of GitHub variables and secrets (letters, digits, underscores; not starting with a digit or GITHUB_).
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ENVIRONMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9 ._-]*$")
_WORKFLOW_FILE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*\.ya?ml$")
_TITLE = re.compile(r"^[^\x00-\x1f\x7f${}\"'`\\]+$")
_VERSION = re.compile(r"^[0-9A-Za-z.+!-]+$")  # a PEP 440 version (checked loosely; pip checks it again)
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
RUNNERS = ("ubuntu-latest", "ubuntu-22.04")
MAX_PIPELINES = 20
MIN_SCHEDULE_MINUTES = 5


def relative_path(value: str, *, what: str) -> str:
    """``value`` as a clean relative path inside the repository (no leading '/', no '..', no '-' at the start)."""
    value = value.strip()
    if value.startswith("/"):
        raise ValueError(f"The {what} must be relative to the repository's root, not start with '/'.")
    value = value.rstrip("/")
    if value in ("", "."):
        raise ValueError(f"Give the {what} as a folder inside the repository, e.g. 'pipelines'.")
    if value.startswith(("-", "~")) or len(value) > 200:
        raise ValueError(f"The {what} must be a relative path of at most 200 characters, not starting with '-'.")
    for segment in value.split("/"):
        if segment in ("", ".", ".."):
            raise ValueError(f"The {what} must stay inside the repository: no empty, '.' or '..' segments.")
        if not _SEGMENT.match(segment):
            raise ValueError(f"The {what} may use letters, digits, '.', '_', '-' and '/' only (got {segment!r}).")
    return value


def branch_name(value: str) -> str:
    """``value`` if git accepts it as a branch name and it uses only letters, digits, '.', '_', '-' and '/'."""
    value = value.strip()
    if value.startswith("refs/heads/"):
        value = value.removeprefix("refs/heads/")
    if not value or len(value) > 100 or not _BRANCH.match(value):
        raise ValueError("A branch name of letters, digits, '.', '_', '-' and '/' (at most 100 characters).")
    # git check-ref-format: no '..', no component starting with '.' or ending with '.lock', no '//', no trailing
    # '/' or '.', not '@', not starting with '-'.
    parts = value.split("/")
    if (
        ".." in value
        or value.startswith("-")
        or value.endswith((".", "/"))
        or any(p == "" or p.startswith(".") or p.endswith(".lock") for p in parts)
    ):
        raise ValueError(f"{value!r} is not a valid git branch name (see git check-ref-format).")
    return value


class WorkflowOptions(BaseModel):
    """What the generated workflow does. The defaults make a workflow that validates and tests the documents
    in ``pipelines/`` against the server on every push to main and every pull request, and deploys nothing."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    folder: str = Field("pipelines", description="The folder of the pipeline documents, relative to the repository.")
    name: str = Field("Sluice pipelines", description="The workflow's name as GitHub shows it.")
    workflow_file: str = Field("sluice.yml", description="The file name under .github/workflows/.")
    branch: str = Field("main", description="The main branch: pushes to it run the workflow and may deploy.")
    validate_mode: Literal["server", "offline"] = Field(
        "server", description="Validate the documents against the Sluice server (node types, connections) or offline."
    )
    tests: bool = Field(True, description="Run the pipeline tests (fixtures and golden outputs) and keep JUnit XML.")
    deploy: bool = Field(False, description="On the main branch, apply the documents as new versions.")
    pipelines: list[str] = Field(
        default_factory=list,
        max_length=MAX_PIPELINES,
        description="Pipelines (slugs) to run after the deploy, waiting for their result. Needs deploy.",
    )
    environment: str | None = Field(
        None, description="A GitHub environment for the deploy job (its protection rules and secrets apply)."
    )
    schedule: str | None = Field(None, description="A cron line (UTC, five fields): also run on this schedule.")
    python_version: Literal["3.11", "3.12", "3.13"] = "3.11"
    runner: Literal["ubuntu-latest", "ubuntu-22.04"] = "ubuntu-latest"
    timeout_minutes: int = Field(30, ge=1, le=360, description="Each job's time limit.")
    client_source: Literal["server", "path", "index"] = Field(
        "server",
        description="Where the job installs the Sluice client from: the Sluice server (GET /api/client/python/, "
        "with the token), a folder of the repository, or a package index.",
    )
    client_path: str = Field("clients/python", description="With client_source=path: the client's folder.")
    client_index_url: str | None = Field(None, description="With client_source=index: the index (PEP 503 simple).")
    client_version: str | None = Field(None, description="With client_source=index: the version to pin.")
    url_variable: str = Field("SLUICE_URL", description="The GitHub variable (or secret) holding the server's URL.")
    url_from: Literal["vars", "secrets"] = Field("vars", description="Whether the URL is a variable or a secret.")
    token_secret: str = Field("SLUICE_TOKEN", description="The GitHub secret holding a Sluice API token.")

    @field_validator("folder")
    @classmethod
    def _folder(cls, value: str) -> str:
        return relative_path(value, what="folder")

    @field_validator("client_path")
    @classmethod
    def _client_path(cls, value: str) -> str:
        return relative_path(value, what="client's folder")

    @field_validator("branch")
    @classmethod
    def _branch(cls, value: str) -> str:
        return branch_name(value)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value or len(value) > 100 or not _TITLE.match(value):
            raise ValueError("At most 100 printable characters, without quotes, backslashes, '$', '{' or '}'.")
        return value

    @field_validator("workflow_file")
    @classmethod
    def _workflow_file(cls, value: str) -> str:
        if len(value) > 100 or not _WORKFLOW_FILE.match(value):
            raise ValueError("A file name ending in .yml or .yaml, of letters, digits, '.', '_' and '-'.")
        return value

    @field_validator("pipelines")
    @classmethod
    def _pipelines(cls, value: list[str]) -> list[str]:
        for slug in value:
            if not _SLUG.match(slug) or len(slug) > 100:
                raise ValueError(f"{slug!r} is not a pipeline slug (letters, digits, '_' and '-').")
        return list(dict.fromkeys(value))

    @field_validator("environment")
    @classmethod
    def _environment(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if len(value) > 100 or not _ENVIRONMENT.match(value):
            raise ValueError("An environment name of letters, digits, spaces, '.', '_' and '-'.")
        return value

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        fields = value.split()
        if len(fields) != 5 or not all(re.match(r"^[0-9*/,-]+$", f) for f in fields) or not croniter.is_valid(value):
            raise ValueError("Five cron fields of digits, '*', '/', ',' and '-' (GitHub reads them in UTC).")
        value = " ".join(fields)
        fires = croniter(value, datetime(2026, 1, 1, tzinfo=UTC))
        times = [fires.get_next(datetime) for _ in range(13)]
        if min(b - a for a, b in itertools.pairwise(times)) < timedelta(minutes=MIN_SCHEDULE_MINUTES):
            raise ValueError(f"GitHub runs a schedule at most once every {MIN_SCHEDULE_MINUTES} minutes.")
        return value

    @field_validator("url_variable", "token_secret")
    @classmethod
    def _github_name(cls, value: str) -> str:
        if not _NAME.match(value) or len(value) > 100 or value.upper().startswith("GITHUB_"):
            raise ValueError("A GitHub variable or secret name: letters, digits and '_', not starting with GITHUB_.")
        return value

    @field_validator("client_index_url")
    @classmethod
    def _index_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
            raise ValueError("An https:// URL without credentials (keep credentials in secrets).")
        if len(value) > 300 or not re.match(r"^[A-Za-z0-9._~:/?#\[\]@!&()*+,;=%-]+$", value) or "'" in value:
            raise ValueError("The URL has characters that need escaping; give it percent-encoded.")
        return value

    @field_validator("client_version")
    @classmethod
    def _client_version(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if len(value) > 50 or not _VERSION.match(value) or value.startswith("-"):
            raise ValueError("A version number, e.g. 1.4.0.")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> WorkflowOptions:
        if self.pipelines and not self.deploy:
            raise ValueError("Running pipelines needs deploy: the workflow runs them after applying the documents.")
        if self.client_source == "index" and not self.client_index_url:
            raise ValueError("client_source=index needs client_index_url.")
        return self

    @property
    def needs_server(self) -> bool:
        """Whether the workflow talks to a Sluice server (and so needs its URL and a token)."""
        return self.validate_mode == "server" or self.tests or self.deploy or self.client_source == "server"
