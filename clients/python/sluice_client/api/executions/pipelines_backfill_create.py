from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.backfill_detail_output import BackfillDetailOutput
from ...models.backfill_input_request import BackfillInputRequest
from ...models.backfill_plan_output import BackfillPlanOutput
from ...models.error import Error
from ...models.validation_error import ValidationError
from typing import cast



def _get_kwargs(
    id: int,
    *,
    body: BackfillInputRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/pipelines/{id}/backfill/".format(id=quote(str(id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BackfillDetailOutput | BackfillPlanOutput | Error | ValidationError | None:
    if response.status_code == 200:
        response_200 = BackfillPlanOutput.from_dict(response.json())



        return response_200

    if response.status_code == 201:
        response_201 = BackfillDetailOutput.from_dict(response.json())



        return response_201

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

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BackfillDetailOutput | BackfillPlanOutput | Error | ValidationError]:
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
    body: BackfillInputRequest,

) -> Response[BackfillDetailOutput | BackfillPlanOutput | Error | ValidationError]:
    """ Backfill the pipeline's schedule over a past range (or dry-run it)

     Runs the cron intervals that start in [start, end) and have no successful run yet (runs carry
    `sluice_interval_start`/`sluice_interval_end` params), oldest first, `concurrency` at a time, on the
    backfill queue. `dry_run`: 200 with the intervals that would run and those skipped.

    Args:
        id (int):
        body (BackfillInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackfillDetailOutput | BackfillPlanOutput | Error | ValidationError]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    body: BackfillInputRequest,

) -> BackfillDetailOutput | BackfillPlanOutput | Error | ValidationError | None:
    """ Backfill the pipeline's schedule over a past range (or dry-run it)

     Runs the cron intervals that start in [start, end) and have no successful run yet (runs carry
    `sluice_interval_start`/`sluice_interval_end` params), oldest first, `concurrency` at a time, on the
    backfill queue. `dry_run`: 200 with the intervals that would run and those skipped.

    Args:
        id (int):
        body (BackfillInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackfillDetailOutput | BackfillPlanOutput | Error | ValidationError
     """


    return sync_detailed(
        id=id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: BackfillInputRequest,

) -> Response[BackfillDetailOutput | BackfillPlanOutput | Error | ValidationError]:
    """ Backfill the pipeline's schedule over a past range (or dry-run it)

     Runs the cron intervals that start in [start, end) and have no successful run yet (runs carry
    `sluice_interval_start`/`sluice_interval_end` params), oldest first, `concurrency` at a time, on the
    backfill queue. `dry_run`: 200 with the intervals that would run and those skipped.

    Args:
        id (int):
        body (BackfillInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackfillDetailOutput | BackfillPlanOutput | Error | ValidationError]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    body: BackfillInputRequest,

) -> BackfillDetailOutput | BackfillPlanOutput | Error | ValidationError | None:
    """ Backfill the pipeline's schedule over a past range (or dry-run it)

     Runs the cron intervals that start in [start, end) and have no successful run yet (runs carry
    `sluice_interval_start`/`sluice_interval_end` params), oldest first, `concurrency` at a time, on the
    backfill queue. `dry_run`: 200 with the intervals that would run and those skipped.

    Args:
        id (int):
        body (BackfillInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackfillDetailOutput | BackfillPlanOutput | Error | ValidationError
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,

    )).parsed
