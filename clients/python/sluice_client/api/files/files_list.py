from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.files_list_response_400 import FilesListResponse400
from ...models.paginated_file_output_list import PaginatedFileOutputList
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    prefix: str | Unset = '',

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["prefix"] = prefix


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/files/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | FilesListResponse400 | PaginatedFileOutputList | None:
    if response.status_code == 200:
        response_200 = PaginatedFileOutputList.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = FilesListResponse400.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = ErrorOutput.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | FilesListResponse400 | PaginatedFileOutputList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    prefix: str | Unset = '',

) -> Response[Error | ErrorOutput | FilesListResponse400 | PaginatedFileOutputList]:
    """ Files under the data root

     The files you may open (docs/files.md): the shared area, your upload area uploads/<your user id>/,
    the areas of users who share a group with you, every area for admins. Hidden names (upload state in
    .uploads/, staging files) and links leading out are never listed. Sorted by path, paginated. prefix
    keeps the paths that start with it (e.g. uploads/7/ or sales/2026-); a prefix with a component
    starting with '.', leaving the data root, longer than 1,024 bytes or with a component longer than
    255 bytes is a 400 on prefix.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        prefix (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FilesListResponse400 | PaginatedFileOutputList]
     """


    kwargs = _get_kwargs(
        page=page,
page_size=page_size,
prefix=prefix,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    prefix: str | Unset = '',

) -> Error | ErrorOutput | FilesListResponse400 | PaginatedFileOutputList | None:
    """ Files under the data root

     The files you may open (docs/files.md): the shared area, your upload area uploads/<your user id>/,
    the areas of users who share a group with you, every area for admins. Hidden names (upload state in
    .uploads/, staging files) and links leading out are never listed. Sorted by path, paginated. prefix
    keeps the paths that start with it (e.g. uploads/7/ or sales/2026-); a prefix with a component
    starting with '.', leaving the data root, longer than 1,024 bytes or with a component longer than
    255 bytes is a 400 on prefix.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        prefix (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FilesListResponse400 | PaginatedFileOutputList
     """


    return sync_detailed(
        client=client,
page=page,
page_size=page_size,
prefix=prefix,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    prefix: str | Unset = '',

) -> Response[Error | ErrorOutput | FilesListResponse400 | PaginatedFileOutputList]:
    """ Files under the data root

     The files you may open (docs/files.md): the shared area, your upload area uploads/<your user id>/,
    the areas of users who share a group with you, every area for admins. Hidden names (upload state in
    .uploads/, staging files) and links leading out are never listed. Sorted by path, paginated. prefix
    keeps the paths that start with it (e.g. uploads/7/ or sales/2026-); a prefix with a component
    starting with '.', leaving the data root, longer than 1,024 bytes or with a component longer than
    255 bytes is a 400 on prefix.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        prefix (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FilesListResponse400 | PaginatedFileOutputList]
     """


    kwargs = _get_kwargs(
        page=page,
page_size=page_size,
prefix=prefix,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    prefix: str | Unset = '',

) -> Error | ErrorOutput | FilesListResponse400 | PaginatedFileOutputList | None:
    """ Files under the data root

     The files you may open (docs/files.md): the shared area, your upload area uploads/<your user id>/,
    the areas of users who share a group with you, every area for admins. Hidden names (upload state in
    .uploads/, staging files) and links leading out are never listed. Sorted by path, paginated. prefix
    keeps the paths that start with it (e.g. uploads/7/ or sales/2026-); a prefix with a component
    starting with '.', leaving the data root, longer than 1,024 bytes or with a component longer than
    255 bytes is a 400 on prefix.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        prefix (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FilesListResponse400 | PaginatedFileOutputList
     """


    return (await asyncio_detailed(
        client=client,
page=page,
page_size=page_size,
prefix=prefix,

    )).parsed
