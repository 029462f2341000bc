"""The server, through the generated client: every call's failures turned into readable errors with
their exit codes (unreachable, refused credentials, bad input), and the look-ups the commands share."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from sluice_cli.config import Settings
from sluice_cli.errors import CliError, Unreachable, UsageError
from sluice_client import AuthenticatedClient
from sluice_client.api.pipelines import pipelines_list
from sluice_client.types import Response

USER_AGENT = "sluice-cli/0.1"


def _detail(response: httpx.Response | Response) -> str:
    """The server's message: ``detail``, or the field errors as ``field: message`` lines."""
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        text = (response.content or b"").decode("utf-8", "replace").strip()
        return text[:200] or f"HTTP {int(response.status_code)}"
    if isinstance(body, dict):
        if isinstance(body.get("detail"), str) and len(body) <= 2:
            return body["detail"]
        lines = []
        for field, messages in body.items():
            if field == "code":
                continue
            for message in messages if isinstance(messages, list) else [messages]:
                lines.append(message if field in ("detail", "non_field_errors") else f"{field}: {message}")
        return "\n".join(str(line) for line in lines) or json.dumps(body)
    return json.dumps(body)


class Api:
    def __init__(self, settings: Settings, *, timeout: float = 60.0):
        self.settings = settings
        self.client = AuthenticatedClient(
            base_url=settings.url,
            token=settings.token,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT},
            raise_on_unexpected_status=False,
        )

    # --- the calls ---------------------------------------------------------------------------------

    def call(self, endpoint, *args, **kwargs) -> Any:
        """``endpoint.sync_detailed(...)`` of the generated client; the parsed body of a 2xx."""
        response = self._guard(lambda: endpoint.sync_detailed(*args, client=self.client, **kwargs))
        self.check(response)
        return response.parsed

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        """A plain request through the client's connection (an answer that is not JSON, or an operation
        the generated client does not know yet); a 2xx or an error."""
        response = self._guard(lambda: self.client.get_httpx_client().request(method, path, **kwargs))
        self.check(response)
        return response

    def json(self, method: str, path: str, **kwargs) -> Any:
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise Unreachable(f"{self.settings.url} answered {path} with something that is not JSON.") from None

    def _guard(self, send: Callable[[], Any]) -> Any:
        try:
            return send()
        except (KeyError, TypeError, ValueError) as exc:  # the generated client could not read the answer
            raise CliError(f"Unexpected answer from {self.settings.url}: {exc!r}", code=3) from None
        except httpx.TimeoutException:
            raise Unreachable(f"The server at {self.settings.url} did not answer in time.") from None
        except (httpx.TransportError, OSError) as exc:
            reason = str(exc) or type(exc).__name__
            raise Unreachable(f"Cannot reach the server at {self.settings.url}: {reason}") from None

    def check(self, response: httpx.Response | Response) -> None:
        status = int(response.status_code)
        if 200 <= status < 300:
            return
        detail = _detail(response)
        if status == 401:
            raise Unreachable(
                f"The server refused the token ({detail}). Create one on the API tokens page and run "
                "`sluice login`, or set SLUICE_TOKEN."
            )
        if status == 403:
            raise Unreachable(f"Not allowed: {detail}")
        if status in (400, 404, 409, 413, 422):
            raise UsageError(detail)
        if status == 429:
            raise Unreachable(f"Too many requests: {detail}")
        raise CliError(f"The server failed (HTTP {status}): {detail}", code=3)

    # --- look-ups ----------------------------------------------------------------------------------

    def pipelines(self, *, search: str | None = None) -> Iterator[Any]:
        page = 1
        while True:
            kwargs: dict[str, Any] = {"page": page, "page_size": 200}
            if search:
                kwargs["search"] = search
            listing = self.call(pipelines_list, **kwargs)
            yield from listing.results
            if not listing.next_:
                return
            page += 1

    def pipeline(self, slug: str) -> Any:
        """The pipeline of this slug (or id), visible to the token's owner; a UsageError if none."""
        for pipeline in self.pipelines(search=slug):
            if pipeline.slug == slug:
                return pipeline
        if slug.isdigit():
            for pipeline in self.pipelines():
                if pipeline.id == int(slug):
                    return pipeline
        raise UsageError(f"No pipeline {slug!r} (or you may not see it).")

    def verify(self) -> None:
        """A cheap signed-in call: raises Unreachable when the server or the token is not right."""
        self.json("GET", "/api/notifications/unread-count/")
