from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.import_apply_output import ImportApplyOutput
from ...models.import_dry_run_output import ImportDryRunOutput
from ...models.import_error_output import ImportErrorOutput
from ...models.import_input_request import ImportInputRequest
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: ImportInputRequest | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/pipelines/import/",
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | ImportApplyOutput | ImportDryRunOutput | ImportErrorOutput | None:
    if response.status_code == 200:
        response_200 = ImportDryRunOutput.from_dict(response.json())



        return response_200

    if response.status_code == 201:
        response_201 = ImportApplyOutput.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = ImportErrorOutput.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = ErrorOutput.from_dict(response.json())



        return response_403

    if response.status_code == 422:
        response_422 = ErrorOutput.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if response.status_code == 503:
        response_503 = ErrorOutput.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | ImportApplyOutput | ImportDryRunOutput | ImportErrorOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportInputRequest | Unset = UNSET,

) -> Response[Error | ErrorOutput | ImportApplyOutput | ImportDryRunOutput | ImportErrorOutput]:
    """ Import Sluice documents (dry run or apply)

     Needs the editor role; updating an existing pipeline needs the right to change it. Body: JSON
    {documents: '<yaml>'} or multipart with file (a document or a zip archive: at most 1000 members, 10
    MB each, 50 MB in all, no paths leaving the archive, no nested archives). dry_run=true answers 200
    with every document's plan: create/update/unchanged, the changed fields, the graph diff against the
    current draft, problems (with field paths, lines and columns) and the graph's validation. Otherwise
    the documents are applied in one transaction (mode draft or version); a document with a problem, or
    an invalid graph with mode=version, applies nothing: 400 naming each problem. docs/documents.md
    describes the format.

    Args:
        body (ImportInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ImportApplyOutput | ImportDryRunOutput | ImportErrorOutput]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: ImportInputRequest | Unset = UNSET,

) -> Error | ErrorOutput | ImportApplyOutput | ImportDryRunOutput | ImportErrorOutput | None:
    """ Import Sluice documents (dry run or apply)

     Needs the editor role; updating an existing pipeline needs the right to change it. Body: JSON
    {documents: '<yaml>'} or multipart with file (a document or a zip archive: at most 1000 members, 10
    MB each, 50 MB in all, no paths leaving the archive, no nested archives). dry_run=true answers 200
    with every document's plan: create/update/unchanged, the changed fields, the graph diff against the
    current draft, problems (with field paths, lines and columns) and the graph's validation. Otherwise
    the documents are applied in one transaction (mode draft or version); a document with a problem, or
    an invalid graph with mode=version, applies nothing: 400 naming each problem. docs/documents.md
    describes the format.

    Args:
        body (ImportInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ImportApplyOutput | ImportDryRunOutput | ImportErrorOutput
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportInputRequest | Unset = UNSET,

) -> Response[Error | ErrorOutput | ImportApplyOutput | ImportDryRunOutput | ImportErrorOutput]:
    """ Import Sluice documents (dry run or apply)

     Needs the editor role; updating an existing pipeline needs the right to change it. Body: JSON
    {documents: '<yaml>'} or multipart with file (a document or a zip archive: at most 1000 members, 10
    MB each, 50 MB in all, no paths leaving the archive, no nested archives). dry_run=true answers 200
    with every document's plan: create/update/unchanged, the changed fields, the graph diff against the
    current draft, problems (with field paths, lines and columns) and the graph's validation. Otherwise
    the documents are applied in one transaction (mode draft or version); a document with a problem, or
    an invalid graph with mode=version, applies nothing: 400 naming each problem. docs/documents.md
    describes the format.

    Args:
        body (ImportInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ImportApplyOutput | ImportDryRunOutput | ImportErrorOutput]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ImportInputRequest | Unset = UNSET,

) -> Error | ErrorOutput | ImportApplyOutput | ImportDryRunOutput | ImportErrorOutput | None:
    """ Import Sluice documents (dry run or apply)

     Needs the editor role; updating an existing pipeline needs the right to change it. Body: JSON
    {documents: '<yaml>'} or multipart with file (a document or a zip archive: at most 1000 members, 10
    MB each, 50 MB in all, no paths leaving the archive, no nested archives). dry_run=true answers 200
    with every document's plan: create/update/unchanged, the changed fields, the graph diff against the
    current draft, problems (with field paths, lines and columns) and the graph's validation. Otherwise
    the documents are applied in one transaction (mode draft or version); a document with a problem, or
    an invalid graph with mode=version, applies nothing: 400 naming each problem. docs/documents.md
    describes the format.

    Args:
        body (ImportInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ImportApplyOutput | ImportDryRunOutput | ImportErrorOutput
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
