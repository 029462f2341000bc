from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.pipelines_schedule_next_runs_retrieve_response_200 import PipelinesScheduleNextRunsRetrieveResponse200
from ...models.validation_error import ValidationError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: int,
    *,
    count: int | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["count"] = count


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/pipelines/{id}/schedule/next-runs/".format(id=quote(str(id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PipelinesScheduleNextRunsRetrieveResponse200 | ValidationError | None:
    if response.status_code == 200:
        response_200 = PipelinesScheduleNextRunsRetrieveResponse200.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PipelinesScheduleNextRunsRetrieveResponse200 | ValidationError]:
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
    count: int | Unset = UNSET,

) -> Response[Error | PipelinesScheduleNextRunsRetrieveResponse200 | ValidationError]:
    """ The next fire times of the pipeline's cron schedule

    Args:
        id (int):
        count (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PipelinesScheduleNextRunsRetrieveResponse200 | ValidationError]
     """


    kwargs = _get_kwargs(
        id=id,
count=count,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    count: int | Unset = UNSET,

) -> Error | PipelinesScheduleNextRunsRetrieveResponse200 | ValidationError | None:
    """ The next fire times of the pipeline's cron schedule

    Args:
        id (int):
        count (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PipelinesScheduleNextRunsRetrieveResponse200 | ValidationError
     """


    return sync_detailed(
        id=id,
client=client,
count=count,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    count: int | Unset = UNSET,

) -> Response[Error | PipelinesScheduleNextRunsRetrieveResponse200 | ValidationError]:
    """ The next fire times of the pipeline's cron schedule

    Args:
        id (int):
        count (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PipelinesScheduleNextRunsRetrieveResponse200 | ValidationError]
     """


    kwargs = _get_kwargs(
        id=id,
count=count,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    count: int | Unset = UNSET,

) -> Error | PipelinesScheduleNextRunsRetrieveResponse200 | ValidationError | None:
    """ The next fire times of the pipeline's cron schedule

    Args:
        id (int):
        count (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PipelinesScheduleNextRunsRetrieveResponse200 | ValidationError
     """


    return (await asyncio_detailed(
        id=id,
client=client,
count=count,

    )).parsed
