from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.connections_list_kind_item import ConnectionsListKindItem
from ...models.connections_list_response_400 import ConnectionsListResponse400
from ...models.error import Error
from ...models.paginated_connection_output_list import PaginatedConnectionOutputList
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    kind: list[ConnectionsListKindItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_kind: list[str] | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = []
        for kind_item_data in kind:
            kind_item = kind_item_data.value
            json_kind.append(kind_item)


    params["kind"] = json_kind

    params["ordering"] = ordering

    params["page"] = page

    params["page_size"] = page_size

    params["search"] = search


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/connections/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ConnectionsListResponse400 | Error | PaginatedConnectionOutputList | None:
    if response.status_code == 200:
        response_200 = PaginatedConnectionOutputList.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ConnectionsListResponse400.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ConnectionsListResponse400 | Error | PaginatedConnectionOutputList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    kind: list[ConnectionsListKindItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,

) -> Response[ConnectionsListResponse400 | Error | PaginatedConnectionOutputList]:
    """ Connections visible to you (filter by kind, search name/slug/description)

    Args:
        kind (list[ConnectionsListKindItem] | Unset):
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionsListResponse400 | Error | PaginatedConnectionOutputList]
     """


    kwargs = _get_kwargs(
        kind=kind,
ordering=ordering,
page=page,
page_size=page_size,
search=search,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    kind: list[ConnectionsListKindItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,

) -> ConnectionsListResponse400 | Error | PaginatedConnectionOutputList | None:
    """ Connections visible to you (filter by kind, search name/slug/description)

    Args:
        kind (list[ConnectionsListKindItem] | Unset):
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionsListResponse400 | Error | PaginatedConnectionOutputList
     """


    return sync_detailed(
        client=client,
kind=kind,
ordering=ordering,
page=page,
page_size=page_size,
search=search,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    kind: list[ConnectionsListKindItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,

) -> Response[ConnectionsListResponse400 | Error | PaginatedConnectionOutputList]:
    """ Connections visible to you (filter by kind, search name/slug/description)

    Args:
        kind (list[ConnectionsListKindItem] | Unset):
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionsListResponse400 | Error | PaginatedConnectionOutputList]
     """


    kwargs = _get_kwargs(
        kind=kind,
ordering=ordering,
page=page,
page_size=page_size,
search=search,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    kind: list[ConnectionsListKindItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,

) -> ConnectionsListResponse400 | Error | PaginatedConnectionOutputList | None:
    """ Connections visible to you (filter by kind, search name/slug/description)

    Args:
        kind (list[ConnectionsListKindItem] | Unset):
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionsListResponse400 | Error | PaginatedConnectionOutputList
     """


    return (await asyncio_detailed(
        client=client,
kind=kind,
ordering=ordering,
page=page,
page_size=page_size,
search=search,

    )).parsed
