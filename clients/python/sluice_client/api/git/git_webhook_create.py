from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.git_webhook_create_body import GitWebhookCreateBody
from ...models.git_webhook_create_response_400 import GitWebhookCreateResponse400
from ...models.webhook_queued_output import WebhookQueuedOutput
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: GitWebhookCreateBody | Unset = UNSET,
    repository: int,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    params: dict[str, Any] = {}

    params["repository"] = repository


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/git/webhook/",
        "params": params,
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | GitWebhookCreateResponse400 | WebhookQueuedOutput | None:
    if response.status_code == 202:
        response_202 = WebhookQueuedOutput.from_dict(response.json())



        return response_202

    if response.status_code == 400:
        response_400 = GitWebhookCreateResponse400.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = ErrorOutput.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = ErrorOutput.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = ErrorOutput.from_dict(response.json())



        return response_404

    if response.status_code == 414:
        response_414 = Error.from_dict(response.json())



        return response_414

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | GitWebhookCreateResponse400 | WebhookQueuedOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: GitWebhookCreateBody | Unset = UNSET,
    repository: int,

) -> Response[Error | ErrorOutput | GitWebhookCreateResponse400 | WebhookQueuedOutput]:
    """ A push from GitHub, GitLab or Gitea: queue a sync of the repository

     Signed with the repository's webhook secret: GitHub X-Hub-Signature-256, Gitea X-Gitea-Signature
    (HMAC-SHA256 of the body), GitLab X-Gitlab-Token. Unsigned: 401; a wrong signature: 403; no such
    repository: 404. The body is not read beyond its signature.

    Args:
        repository (int):
        body (GitWebhookCreateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | GitWebhookCreateResponse400 | WebhookQueuedOutput]
     """


    kwargs = _get_kwargs(
        body=body,
repository=repository,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: GitWebhookCreateBody | Unset = UNSET,
    repository: int,

) -> Error | ErrorOutput | GitWebhookCreateResponse400 | WebhookQueuedOutput | None:
    """ A push from GitHub, GitLab or Gitea: queue a sync of the repository

     Signed with the repository's webhook secret: GitHub X-Hub-Signature-256, Gitea X-Gitea-Signature
    (HMAC-SHA256 of the body), GitLab X-Gitlab-Token. Unsigned: 401; a wrong signature: 403; no such
    repository: 404. The body is not read beyond its signature.

    Args:
        repository (int):
        body (GitWebhookCreateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | GitWebhookCreateResponse400 | WebhookQueuedOutput
     """


    return sync_detailed(
        client=client,
body=body,
repository=repository,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: GitWebhookCreateBody | Unset = UNSET,
    repository: int,

) -> Response[Error | ErrorOutput | GitWebhookCreateResponse400 | WebhookQueuedOutput]:
    """ A push from GitHub, GitLab or Gitea: queue a sync of the repository

     Signed with the repository's webhook secret: GitHub X-Hub-Signature-256, Gitea X-Gitea-Signature
    (HMAC-SHA256 of the body), GitLab X-Gitlab-Token. Unsigned: 401; a wrong signature: 403; no such
    repository: 404. The body is not read beyond its signature.

    Args:
        repository (int):
        body (GitWebhookCreateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | GitWebhookCreateResponse400 | WebhookQueuedOutput]
     """


    kwargs = _get_kwargs(
        body=body,
repository=repository,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: GitWebhookCreateBody | Unset = UNSET,
    repository: int,

) -> Error | ErrorOutput | GitWebhookCreateResponse400 | WebhookQueuedOutput | None:
    """ A push from GitHub, GitLab or Gitea: queue a sync of the repository

     Signed with the repository's webhook secret: GitHub X-Hub-Signature-256, Gitea X-Gitea-Signature
    (HMAC-SHA256 of the body), GitLab X-Gitlab-Token. Unsigned: 401; a wrong signature: 403; no such
    repository: 404. The body is not read beyond its signature.

    Args:
        repository (int):
        body (GitWebhookCreateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | GitWebhookCreateResponse400 | WebhookQueuedOutput
     """


    return (await asyncio_detailed(
        client=client,
body=body,
repository=repository,

    )).parsed
