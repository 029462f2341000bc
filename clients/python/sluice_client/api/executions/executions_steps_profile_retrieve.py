from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.executions_steps_profile_retrieve_response_400 import ExecutionsStepsProfileRetrieveResponse400
from ...models.step_profile_output import StepProfileOutput
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: int,
    node_key: str,
    *,
    port: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["port"] = port


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/executions/{id}/steps/{node_key}/profile/".format(id=quote(str(id), safe=""),node_key=quote(str(node_key), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | ExecutionsStepsProfileRetrieveResponse400 | StepProfileOutput | None:
    if response.status_code == 200:
        response_200 = StepProfileOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ExecutionsStepsProfileRetrieveResponse400.from_dict(response.json())



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

    if response.status_code == 414:
        response_414 = Error.from_dict(response.json())



        return response_414

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | ExecutionsStepsProfileRetrieveResponse400 | StepProfileOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    node_key: str,
    *,
    client: AuthenticatedClient,
    port: str | Unset = UNSET,

) -> Response[Error | ErrorOutput | ExecutionsStepsProfileRetrieveResponse400 | StepProfileOutput]:
    """ Profile of a step's output

     Per column: type, nulls, distinct values, min/max/mean/std/quantiles, top values and a histogram of
    the output port (a destination's: its input), read from the step's artifact or recomputed from its
    fused chain's input, in the interactive pool, on at most SLUICE_PROFILE_ROWS rows (sampled above,
    and said so). Only succeeded steps; another user's run is a 404.

    Args:
        id (int):
        node_key (str):
        port (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ExecutionsStepsProfileRetrieveResponse400 | StepProfileOutput]
     """


    kwargs = _get_kwargs(
        id=id,
node_key=node_key,
port=port,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    node_key: str,
    *,
    client: AuthenticatedClient,
    port: str | Unset = UNSET,

) -> Error | ErrorOutput | ExecutionsStepsProfileRetrieveResponse400 | StepProfileOutput | None:
    """ Profile of a step's output

     Per column: type, nulls, distinct values, min/max/mean/std/quantiles, top values and a histogram of
    the output port (a destination's: its input), read from the step's artifact or recomputed from its
    fused chain's input, in the interactive pool, on at most SLUICE_PROFILE_ROWS rows (sampled above,
    and said so). Only succeeded steps; another user's run is a 404.

    Args:
        id (int):
        node_key (str):
        port (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ExecutionsStepsProfileRetrieveResponse400 | StepProfileOutput
     """


    return sync_detailed(
        id=id,
node_key=node_key,
client=client,
port=port,

    ).parsed

async def asyncio_detailed(
    id: int,
    node_key: str,
    *,
    client: AuthenticatedClient,
    port: str | Unset = UNSET,

) -> Response[Error | ErrorOutput | ExecutionsStepsProfileRetrieveResponse400 | StepProfileOutput]:
    """ Profile of a step's output

     Per column: type, nulls, distinct values, min/max/mean/std/quantiles, top values and a histogram of
    the output port (a destination's: its input), read from the step's artifact or recomputed from its
    fused chain's input, in the interactive pool, on at most SLUICE_PROFILE_ROWS rows (sampled above,
    and said so). Only succeeded steps; another user's run is a 404.

    Args:
        id (int):
        node_key (str):
        port (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ExecutionsStepsProfileRetrieveResponse400 | StepProfileOutput]
     """


    kwargs = _get_kwargs(
        id=id,
node_key=node_key,
port=port,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    node_key: str,
    *,
    client: AuthenticatedClient,
    port: str | Unset = UNSET,

) -> Error | ErrorOutput | ExecutionsStepsProfileRetrieveResponse400 | StepProfileOutput | None:
    """ Profile of a step's output

     Per column: type, nulls, distinct values, min/max/mean/std/quantiles, top values and a histogram of
    the output port (a destination's: its input), read from the step's artifact or recomputed from its
    fused chain's input, in the interactive pool, on at most SLUICE_PROFILE_ROWS rows (sampled above,
    and said so). Only succeeded steps; another user's run is a 404.

    Args:
        id (int):
        node_key (str):
        port (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ExecutionsStepsProfileRetrieveResponse400 | StepProfileOutput
     """


    return (await asyncio_detailed(
        id=id,
node_key=node_key,
client=client,
port=port,

    )).parsed
