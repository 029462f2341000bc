from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.executions_list_status_item import ExecutionsListStatusItem
from ...models.executions_list_trigger_item import ExecutionsListTriggerItem
from ...models.paginated_execution_output_list import PaginatedExecutionOutputList
from ...models.validation_error import ValidationError
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: float | Unset = UNSET,
    pipeline_slug: str | Unset = UNSET,
    search: str | Unset = UNSET,
    status: list[ExecutionsListStatusItem] | Unset = UNSET,
    trigger: list[ExecutionsListTriggerItem] | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    params["ordering"] = ordering

    params["page"] = page

    params["page_size"] = page_size

    params["pipeline"] = pipeline

    params["pipeline_slug"] = pipeline_slug

    params["search"] = search

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = status_item_data.value
            json_status.append(status_item)


    params["status"] = json_status

    json_trigger: list[str] | Unset = UNSET
    if not isinstance(trigger, Unset):
        json_trigger = []
        for trigger_item_data in trigger:
            trigger_item = trigger_item_data.value
            json_trigger.append(trigger_item)


    params["trigger"] = json_trigger


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/executions/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedExecutionOutputList | ValidationError | None:
    if response.status_code == 200:
        response_200 = PaginatedExecutionOutputList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedExecutionOutputList | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: float | Unset = UNSET,
    pipeline_slug: str | Unset = UNSET,
    search: str | Unset = UNSET,
    status: list[ExecutionsListStatusItem] | Unset = UNSET,
    trigger: list[ExecutionsListTriggerItem] | Unset = UNSET,

) -> Response[Error | PaginatedExecutionOutputList | ValidationError]:
    """ Executions, newest first (filter by pipeline, status, trigger, dates)

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (float | Unset):
        pipeline_slug (str | Unset):
        search (str | Unset):
        status (list[ExecutionsListStatusItem] | Unset):
        trigger (list[ExecutionsListTriggerItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedExecutionOutputList | ValidationError]
     """


    kwargs = _get_kwargs(
        created_after=created_after,
created_before=created_before,
ordering=ordering,
page=page,
page_size=page_size,
pipeline=pipeline,
pipeline_slug=pipeline_slug,
search=search,
status=status,
trigger=trigger,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: float | Unset = UNSET,
    pipeline_slug: str | Unset = UNSET,
    search: str | Unset = UNSET,
    status: list[ExecutionsListStatusItem] | Unset = UNSET,
    trigger: list[ExecutionsListTriggerItem] | Unset = UNSET,

) -> Error | PaginatedExecutionOutputList | ValidationError | None:
    """ Executions, newest first (filter by pipeline, status, trigger, dates)

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (float | Unset):
        pipeline_slug (str | Unset):
        search (str | Unset):
        status (list[ExecutionsListStatusItem] | Unset):
        trigger (list[ExecutionsListTriggerItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedExecutionOutputList | ValidationError
     """


    return sync_detailed(
        client=client,
created_after=created_after,
created_before=created_before,
ordering=ordering,
page=page,
page_size=page_size,
pipeline=pipeline,
pipeline_slug=pipeline_slug,
search=search,
status=status,
trigger=trigger,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: float | Unset = UNSET,
    pipeline_slug: str | Unset = UNSET,
    search: str | Unset = UNSET,
    status: list[ExecutionsListStatusItem] | Unset = UNSET,
    trigger: list[ExecutionsListTriggerItem] | Unset = UNSET,

) -> Response[Error | PaginatedExecutionOutputList | ValidationError]:
    """ Executions, newest first (filter by pipeline, status, trigger, dates)

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (float | Unset):
        pipeline_slug (str | Unset):
        search (str | Unset):
        status (list[ExecutionsListStatusItem] | Unset):
        trigger (list[ExecutionsListTriggerItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedExecutionOutputList | ValidationError]
     """


    kwargs = _get_kwargs(
        created_after=created_after,
created_before=created_before,
ordering=ordering,
page=page,
page_size=page_size,
pipeline=pipeline,
pipeline_slug=pipeline_slug,
search=search,
status=status,
trigger=trigger,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: float | Unset = UNSET,
    pipeline_slug: str | Unset = UNSET,
    search: str | Unset = UNSET,
    status: list[ExecutionsListStatusItem] | Unset = UNSET,
    trigger: list[ExecutionsListTriggerItem] | Unset = UNSET,

) -> Error | PaginatedExecutionOutputList | ValidationError | None:
    """ Executions, newest first (filter by pipeline, status, trigger, dates)

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        ordering (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (float | Unset):
        pipeline_slug (str | Unset):
        search (str | Unset):
        status (list[ExecutionsListStatusItem] | Unset):
        trigger (list[ExecutionsListTriggerItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedExecutionOutputList | ValidationError
     """


    return (await asyncio_detailed(
        client=client,
created_after=created_after,
created_before=created_before,
ordering=ordering,
page=page,
page_size=page_size,
pipeline=pipeline,
pipeline_slug=pipeline_slug,
search=search,
status=status,
trigger=trigger,

    )).parsed
