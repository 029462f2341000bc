from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.git_repositories_partial_update_response_400 import GitRepositoriesPartialUpdateResponse400
from ...models.patched_repository_input_request import PatchedRepositoryInputRequest
from ...models.repository_output import RepositoryOutput
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: int,
    *,
    body: PatchedRepositoryInputRequest | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/git/repositories/{id}/".format(id=quote(str(id), safe=""),),
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | GitRepositoriesPartialUpdateResponse400 | RepositoryOutput | None:
    if response.status_code == 200:
        response_200 = RepositoryOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = GitRepositoriesPartialUpdateResponse400.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = ErrorOutput.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = ErrorOutput.from_dict(response.json())



        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | GitRepositoriesPartialUpdateResponse400 | RepositoryOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: PatchedRepositoryInputRequest | Unset = UNSET,

) -> Response[Error | ErrorOutput | GitRepositoriesPartialUpdateResponse400 | RepositoryOutput]:
    """ Change some settings of a git repository

     A repository is its owner's and the admins': others get a 404. Creating one needs the editor role;
    changing, syncing and resolving need its owner or an admin.

    Args:
        id (int):
        body (PatchedRepositoryInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | GitRepositoriesPartialUpdateResponse400 | RepositoryOutput]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    body: PatchedRepositoryInputRequest | Unset = UNSET,

) -> Error | ErrorOutput | GitRepositoriesPartialUpdateResponse400 | RepositoryOutput | None:
    """ Change some settings of a git repository

     A repository is its owner's and the admins': others get a 404. Creating one needs the editor role;
    changing, syncing and resolving need its owner or an admin.

    Args:
        id (int):
        body (PatchedRepositoryInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | GitRepositoriesPartialUpdateResponse400 | RepositoryOutput
     """


    return sync_detailed(
        id=id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: PatchedRepositoryInputRequest | Unset = UNSET,

) -> Response[Error | ErrorOutput | GitRepositoriesPartialUpdateResponse400 | RepositoryOutput]:
    """ Change some settings of a git repository

     A repository is its owner's and the admins': others get a 404. Creating one needs the editor role;
    changing, syncing and resolving need its owner or an admin.

    Args:
        id (int):
        body (PatchedRepositoryInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | GitRepositoriesPartialUpdateResponse400 | RepositoryOutput]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    body: PatchedRepositoryInputRequest | Unset = UNSET,

) -> Error | ErrorOutput | GitRepositoriesPartialUpdateResponse400 | RepositoryOutput | None:
    """ Change some settings of a git repository

     A repository is its owner's and the admins': others get a 404. Creating one needs the editor role;
    changing, syncing and resolving need its owner or an admin.

    Args:
        id (int):
        body (PatchedRepositoryInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | GitRepositoriesPartialUpdateResponse400 | RepositoryOutput
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,

    )).parsed
