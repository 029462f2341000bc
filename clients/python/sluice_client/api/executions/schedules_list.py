from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.paginated_schedule_row_list import PaginatedScheduleRowList
from ...models.schedules_list_state import SchedulesListState
from ...models.validation_error import ValidationError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    state: SchedulesListState | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["ordering"] = ordering

    params["page"] = page

    params["page_size"] = page_size

    params["search"] = search

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/schedules/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedScheduleRowList | ValidationError | None:
    if response.status_code == 200:
        response_200 = PaginatedScheduleRowList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedScheduleRowList | ValidationError]:
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
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    state: SchedulesListState | Unset = UNSET,

) -> Response[Error | PaginatedScheduleRowList | ValidationError]:
    """ Schedules: the pipelines that run by themselves

     Every pipeline you can see with a cron expression (fires or not) or an enabled upstream dependency,
    by name, with the next fire time and the last scheduled run. Pause or resume one with PATCH
    /api/pipelines/{id}/ {schedule_enabled}.

    Args:
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):
        state (SchedulesListState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedScheduleRowList | ValidationError]
     """


    kwargs = _get_kwargs(
        ordering=ordering,
page=page,
page_size=page_size,
search=search,
state=state,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    state: SchedulesListState | Unset = UNSET,

) -> Error | PaginatedScheduleRowList | ValidationError | None:
    """ Schedules: the pipelines that run by themselves

     Every pipeline you can see with a cron expression (fires or not) or an enabled upstream dependency,
    by name, with the next fire time and the last scheduled run. Pause or resume one with PATCH
    /api/pipelines/{id}/ {schedule_enabled}.

    Args:
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):
        state (SchedulesListState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedScheduleRowList | ValidationError
     """


    return sync_detailed(
        client=client,
ordering=ordering,
page=page,
page_size=page_size,
search=search,
state=state,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    state: SchedulesListState | Unset = UNSET,

) -> Response[Error | PaginatedScheduleRowList | ValidationError]:
    """ Schedules: the pipelines that run by themselves

     Every pipeline you can see with a cron expression (fires or not) or an enabled upstream dependency,
    by name, with the next fire time and the last scheduled run. Pause or resume one with PATCH
    /api/pipelines/{id}/ {schedule_enabled}.

    Args:
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):
        state (SchedulesListState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedScheduleRowList | ValidationError]
     """


    kwargs = _get_kwargs(
        ordering=ordering,
page=page,
page_size=page_size,
search=search,
state=state,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    search: str | Unset = UNSET,
    state: SchedulesListState | Unset = UNSET,

) -> Error | PaginatedScheduleRowList | ValidationError | None:
    """ Schedules: the pipelines that run by themselves

     Every pipeline you can see with a cron expression (fires or not) or an enabled upstream dependency,
    by name, with the next fire time and the last scheduled run. Pause or resume one with PATCH
    /api/pipelines/{id}/ {schedule_enabled}.

    Args:
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        search (str | Unset):
        state (SchedulesListState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedScheduleRowList | ValidationError
     """


    return (await asyncio_detailed(
        client=client,
ordering=ordering,
page=page,
page_size=page_size,
search=search,
state=state,

    )).parsed
