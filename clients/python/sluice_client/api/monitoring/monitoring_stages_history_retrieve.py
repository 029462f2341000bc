from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.history_output import HistoryOutput
from ...models.monitoring_stages_history_retrieve_bucket import MonitoringStagesHistoryRetrieveBucket
from ...models.validation_error import ValidationError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    pipeline_id: int,
    node_key: str,
    *,
    bucket: MonitoringStagesHistoryRetrieveBucket | Unset = UNSET,
    window: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_bucket: str | Unset = UNSET
    if not isinstance(bucket, Unset):
        json_bucket = bucket.value

    params["bucket"] = json_bucket

    params["window"] = window


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/monitoring/stages/{pipeline_id}/{node_key}/history/".format(pipeline_id=quote(str(pipeline_id), safe=""),node_key=quote(str(node_key), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | HistoryOutput | ValidationError | None:
    if response.status_code == 200:
        response_200 = HistoryOutput.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | HistoryOutput | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    pipeline_id: int,
    node_key: str,
    *,
    client: AuthenticatedClient,
    bucket: MonitoringStagesHistoryRetrieveBucket | Unset = UNSET,
    window: str | Unset = UNSET,

) -> Response[Error | HistoryOutput | ValidationError]:
    """ Stage metrics of a node over time

    Args:
        pipeline_id (int):
        node_key (str):
        bucket (MonitoringStagesHistoryRetrieveBucket | Unset):
        window (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HistoryOutput | ValidationError]
     """


    kwargs = _get_kwargs(
        pipeline_id=pipeline_id,
node_key=node_key,
bucket=bucket,
window=window,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    pipeline_id: int,
    node_key: str,
    *,
    client: AuthenticatedClient,
    bucket: MonitoringStagesHistoryRetrieveBucket | Unset = UNSET,
    window: str | Unset = UNSET,

) -> Error | HistoryOutput | ValidationError | None:
    """ Stage metrics of a node over time

    Args:
        pipeline_id (int):
        node_key (str):
        bucket (MonitoringStagesHistoryRetrieveBucket | Unset):
        window (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HistoryOutput | ValidationError
     """


    return sync_detailed(
        pipeline_id=pipeline_id,
node_key=node_key,
client=client,
bucket=bucket,
window=window,

    ).parsed

async def asyncio_detailed(
    pipeline_id: int,
    node_key: str,
    *,
    client: AuthenticatedClient,
    bucket: MonitoringStagesHistoryRetrieveBucket | Unset = UNSET,
    window: str | Unset = UNSET,

) -> Response[Error | HistoryOutput | ValidationError]:
    """ Stage metrics of a node over time

    Args:
        pipeline_id (int):
        node_key (str):
        bucket (MonitoringStagesHistoryRetrieveBucket | Unset):
        window (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HistoryOutput | ValidationError]
     """


    kwargs = _get_kwargs(
        pipeline_id=pipeline_id,
node_key=node_key,
bucket=bucket,
window=window,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    pipeline_id: int,
    node_key: str,
    *,
    client: AuthenticatedClient,
    bucket: MonitoringStagesHistoryRetrieveBucket | Unset = UNSET,
    window: str | Unset = UNSET,

) -> Error | HistoryOutput | ValidationError | None:
    """ Stage metrics of a node over time

    Args:
        pipeline_id (int):
        node_key (str):
        bucket (MonitoringStagesHistoryRetrieveBucket | Unset):
        window (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HistoryOutput | ValidationError
     """


    return (await asyncio_detailed(
        pipeline_id=pipeline_id,
node_key=node_key,
client=client,
bucket=bucket,
window=window,

    )).parsed
