from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.paginated_pipeline_output_list import PaginatedPipelineOutputList
from ...models.pipelines_list_response_400 import PipelinesListResponse400
from ...models.pipelines_list_status_item import PipelinesListStatusItem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    ordering: str | Unset = UNSET,
    owner: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    status: list[PipelinesListStatusItem] | Unset = UNSET,
    tag: list[str] | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["ordering"] = ordering

    params["owner"] = owner

    params["page"] = page

    params["page_size"] = page_size

    params["search"] = search

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = status_item_data.value
            json_status.append(status_item)


    params["status"] = json_status

    json_tag: list[str] | Unset = UNSET
    if not isinstance(tag, Unset):
        json_tag = tag


    params["tag"] = json_tag


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/pipelines/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedPipelineOutputList | PipelinesListResponse400 | None:
    if response.status_code == 200:
        response_200 = PaginatedPipelineOutputList.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = PipelinesListResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedPipelineOutputList | PipelinesListResponse400]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    ordering: str | Unset = UNSET,
    owner: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    status: list[PipelinesListStatusItem] | Unset = UNSET,
    tag: list[str] | Unset = UNSET,

) -> Response[Error | PaginatedPipelineOutputList | PipelinesListResponse400]:
    """ Pipelines visible to you

     Paginated. Filter by tag (every given tag), owner (username or id) and status; search name, slug and
    description; order by name, updated_at or created_at (prefix '-' to reverse).

    Args:
        ordering (str | Unset):
        owner (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):
        status (list[PipelinesListStatusItem] | Unset):
        tag (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedPipelineOutputList | PipelinesListResponse400]
     """


    kwargs = _get_kwargs(
        ordering=ordering,
owner=owner,
page=page,
page_size=page_size,
search=search,
status=status,
tag=tag,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    ordering: str | Unset = UNSET,
    owner: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    status: list[PipelinesListStatusItem] | Unset = UNSET,
    tag: list[str] | Unset = UNSET,

) -> Error | PaginatedPipelineOutputList | PipelinesListResponse400 | None:
    """ Pipelines visible to you

     Paginated. Filter by tag (every given tag), owner (username or id) and status; search name, slug and
    description; order by name, updated_at or created_at (prefix '-' to reverse).

    Args:
        ordering (str | Unset):
        owner (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):
        status (list[PipelinesListStatusItem] | Unset):
        tag (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedPipelineOutputList | PipelinesListResponse400
     """


    return sync_detailed(
        client=client,
ordering=ordering,
owner=owner,
page=page,
page_size=page_size,
search=search,
status=status,
tag=tag,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    ordering: str | Unset = UNSET,
    owner: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    status: list[PipelinesListStatusItem] | Unset = UNSET,
    tag: list[str] | Unset = UNSET,

) -> Response[Error | PaginatedPipelineOutputList | PipelinesListResponse400]:
    """ Pipelines visible to you

     Paginated. Filter by tag (every given tag), owner (username or id) and status; search name, slug and
    description; order by name, updated_at or created_at (prefix '-' to reverse).

    Args:
        ordering (str | Unset):
        owner (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):
        status (list[PipelinesListStatusItem] | Unset):
        tag (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedPipelineOutputList | PipelinesListResponse400]
     """


    kwargs = _get_kwargs(
        ordering=ordering,
owner=owner,
page=page,
page_size=page_size,
search=search,
status=status,
tag=tag,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    ordering: str | Unset = UNSET,
    owner: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    status: list[PipelinesListStatusItem] | Unset = UNSET,
    tag: list[str] | Unset = UNSET,

) -> Error | PaginatedPipelineOutputList | PipelinesListResponse400 | None:
    """ Pipelines visible to you

     Paginated. Filter by tag (every given tag), owner (username or id) and status; search name, slug and
    description; order by name, updated_at or created_at (prefix '-' to reverse).

    Args:
        ordering (str | Unset):
        owner (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):
        status (list[PipelinesListStatusItem] | Unset):
        tag (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedPipelineOutputList | PipelinesListResponse400
     """


    return (await asyncio_detailed(
        client=client,
ordering=ordering,
owner=owner,
page=page,
page_size=page_size,
search=search,
status=status,
tag=tag,

    )).parsed
