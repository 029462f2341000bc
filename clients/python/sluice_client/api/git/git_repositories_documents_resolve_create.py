from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.document_output import DocumentOutput
from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.git_repositories_documents_resolve_create_response_400 import GitRepositoriesDocumentsResolveCreateResponse400
from ...models.resolve_input_request import ResolveInputRequest
from typing import cast



def _get_kwargs(
    id: int,
    document_id: int,
    *,
    body: ResolveInputRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/git/repositories/{id}/documents/{document_id}/resolve/".format(id=quote(str(id), safe=""),document_id=quote(str(document_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DocumentOutput | Error | ErrorOutput | GitRepositoriesDocumentsResolveCreateResponse400 | None:
    if response.status_code == 200:
        response_200 = DocumentOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = GitRepositoriesDocumentsResolveCreateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DocumentOutput | Error | ErrorOutput | GitRepositoriesDocumentsResolveCreateResponse400]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    document_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveInputRequest,

) -> Response[DocumentOutput | Error | ErrorOutput | GitRepositoriesDocumentsResolveCreateResponse400]:
    """ Resolve a conflict: keep git's document or Sluice's pipeline

     A repository is its owner's and the admins': others get a 404. Creating one needs the editor role;
    changing, syncing and resolving need its owner or an admin. keep=git applies git's document as a new
    version; keep=sluice sets git's change aside and, with push back on, pushes Sluice's document.

    Args:
        id (int):
        document_id (int):
        body (ResolveInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentOutput | Error | ErrorOutput | GitRepositoriesDocumentsResolveCreateResponse400]
     """


    kwargs = _get_kwargs(
        id=id,
document_id=document_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    document_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveInputRequest,

) -> DocumentOutput | Error | ErrorOutput | GitRepositoriesDocumentsResolveCreateResponse400 | None:
    """ Resolve a conflict: keep git's document or Sluice's pipeline

     A repository is its owner's and the admins': others get a 404. Creating one needs the editor role;
    changing, syncing and resolving need its owner or an admin. keep=git applies git's document as a new
    version; keep=sluice sets git's change aside and, with push back on, pushes Sluice's document.

    Args:
        id (int):
        document_id (int):
        body (ResolveInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentOutput | Error | ErrorOutput | GitRepositoriesDocumentsResolveCreateResponse400
     """


    return sync_detailed(
        id=id,
document_id=document_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    id: int,
    document_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveInputRequest,

) -> Response[DocumentOutput | Error | ErrorOutput | GitRepositoriesDocumentsResolveCreateResponse400]:
    """ Resolve a conflict: keep git's document or Sluice's pipeline

     A repository is its owner's and the admins': others get a 404. Creating one needs the editor role;
    changing, syncing and resolving need its owner or an admin. keep=git applies git's document as a new
    version; keep=sluice sets git's change aside and, with push back on, pushes Sluice's document.

    Args:
        id (int):
        document_id (int):
        body (ResolveInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentOutput | Error | ErrorOutput | GitRepositoriesDocumentsResolveCreateResponse400]
     """


    kwargs = _get_kwargs(
        id=id,
document_id=document_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    document_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveInputRequest,

) -> DocumentOutput | Error | ErrorOutput | GitRepositoriesDocumentsResolveCreateResponse400 | None:
    """ Resolve a conflict: keep git's document or Sluice's pipeline

     A repository is its owner's and the admins': others get a 404. Creating one needs the editor role;
    changing, syncing and resolving need its owner or an admin. keep=git applies git's document as a new
    version; keep=sluice sets git's change aside and, with push back on, pushes Sluice's document.

    Args:
        id (int):
        document_id (int):
        body (ResolveInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentOutput | Error | ErrorOutput | GitRepositoriesDocumentsResolveCreateResponse400
     """


    return (await asyncio_detailed(
        id=id,
document_id=document_id,
client=client,
body=body,

    )).parsed
