from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.paginated_user_output_list import PaginatedUserOutputList
from ...models.users_list_active import UsersListActive
from ...models.users_list_ordering import UsersListOrdering
from ...models.users_list_role import UsersListRole
from ...models.validation_error import ValidationError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    active: UsersListActive | Unset = UNSET,
    ordering: UsersListOrdering | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    role: UsersListRole | Unset = UNSET,
    search: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_active: str | Unset = UNSET
    if not isinstance(active, Unset):
        json_active = active.value

    params["active"] = json_active

    json_ordering: str | Unset = UNSET
    if not isinstance(ordering, Unset):
        json_ordering = ordering.value

    params["ordering"] = json_ordering

    params["page"] = page

    params["page_size"] = page_size

    json_role: str | Unset = UNSET
    if not isinstance(role, Unset):
        json_role = role.value

    params["role"] = json_role

    params["search"] = search


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/users/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedUserOutputList | ValidationError | None:
    if response.status_code == 200:
        response_200 = PaginatedUserOutputList.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ValidationError.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedUserOutputList | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    active: UsersListActive | Unset = UNSET,
    ordering: UsersListOrdering | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    role: UsersListRole | Unset = UNSET,
    search: str | Unset = UNSET,

) -> Response[Error | PaginatedUserOutputList | ValidationError]:
    """ Users with their role, state and last sign-in (admins)

    Args:
        active (UsersListActive | Unset):
        ordering (UsersListOrdering | Unset):
        page (int | Unset):
        page_size (int | Unset):
        role (UsersListRole | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedUserOutputList | ValidationError]
     """


    kwargs = _get_kwargs(
        active=active,
ordering=ordering,
page=page,
page_size=page_size,
role=role,
search=search,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    active: UsersListActive | Unset = UNSET,
    ordering: UsersListOrdering | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    role: UsersListRole | Unset = UNSET,
    search: str | Unset = UNSET,

) -> Error | PaginatedUserOutputList | ValidationError | None:
    """ Users with their role, state and last sign-in (admins)

    Args:
        active (UsersListActive | Unset):
        ordering (UsersListOrdering | Unset):
        page (int | Unset):
        page_size (int | Unset):
        role (UsersListRole | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedUserOutputList | ValidationError
     """


    return sync_detailed(
        client=client,
active=active,
ordering=ordering,
page=page,
page_size=page_size,
role=role,
search=search,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    active: UsersListActive | Unset = UNSET,
    ordering: UsersListOrdering | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    role: UsersListRole | Unset = UNSET,
    search: str | Unset = UNSET,

) -> Response[Error | PaginatedUserOutputList | ValidationError]:
    """ Users with their role, state and last sign-in (admins)

    Args:
        active (UsersListActive | Unset):
        ordering (UsersListOrdering | Unset):
        page (int | Unset):
        page_size (int | Unset):
        role (UsersListRole | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedUserOutputList | ValidationError]
     """


    kwargs = _get_kwargs(
        active=active,
ordering=ordering,
page=page,
page_size=page_size,
role=role,
search=search,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    active: UsersListActive | Unset = UNSET,
    ordering: UsersListOrdering | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    role: UsersListRole | Unset = UNSET,
    search: str | Unset = UNSET,

) -> Error | PaginatedUserOutputList | ValidationError | None:
    """ Users with their role, state and last sign-in (admins)

    Args:
        active (UsersListActive | Unset):
        ordering (UsersListOrdering | Unset):
        page (int | Unset):
        page_size (int | Unset):
        role (UsersListRole | Unset):
        search (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedUserOutputList | ValidationError
     """


    return (await asyncio_detailed(
        client=client,
active=active,
ordering=ordering,
page=page,
page_size=page_size,
role=role,
search=search,

    )).parsed
