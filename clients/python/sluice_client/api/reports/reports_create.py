from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.report_detail_output import ReportDetailOutput
from ...models.report_input_request import ReportInputRequest
from ...models.reports_create_response_400 import ReportsCreateResponse400
from typing import cast



def _get_kwargs(
    *,
    body: ReportInputRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/reports/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | ReportDetailOutput | ReportsCreateResponse400 | None:
    if response.status_code == 201:
        response_201 = ReportDetailOutput.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = ReportsCreateResponse400.from_dict(response.json())



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

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | ReportDetailOutput | ReportsCreateResponse400]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ReportInputRequest,

) -> Response[Error | ErrorOutput | ReportDetailOutput | ReportsCreateResponse400]:
    """ Create a report

     Needs the editor role; you own the report. Blocks, window, filters, sharing and schedule are
    validated together: a 400 names each bad field (`blocks.1.limit`, `pipelines`, `schedule_cron`...)
    and nothing is saved. A pipeline you cannot see is reported as not found.

    Args:
        body (ReportInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ReportDetailOutput | ReportsCreateResponse400]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: ReportInputRequest,

) -> Error | ErrorOutput | ReportDetailOutput | ReportsCreateResponse400 | None:
    """ Create a report

     Needs the editor role; you own the report. Blocks, window, filters, sharing and schedule are
    validated together: a 400 names each bad field (`blocks.1.limit`, `pipelines`, `schedule_cron`...)
    and nothing is saved. A pipeline you cannot see is reported as not found.

    Args:
        body (ReportInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ReportDetailOutput | ReportsCreateResponse400
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ReportInputRequest,

) -> Response[Error | ErrorOutput | ReportDetailOutput | ReportsCreateResponse400]:
    """ Create a report

     Needs the editor role; you own the report. Blocks, window, filters, sharing and schedule are
    validated together: a 400 names each bad field (`blocks.1.limit`, `pipelines`, `schedule_cron`...)
    and nothing is saved. A pipeline you cannot see is reported as not found.

    Args:
        body (ReportInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ReportDetailOutput | ReportsCreateResponse400]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ReportInputRequest,

) -> Error | ErrorOutput | ReportDetailOutput | ReportsCreateResponse400 | None:
    """ Create a report

     Needs the editor role; you own the report. Blocks, window, filters, sharing and schedule are
    validated together: a 400 names each bad field (`blocks.1.limit`, `pipelines`, `schedule_cron`...)
    and nothing is saved. A pipeline you cannot see is reported as not found.

    Args:
        body (ReportInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ReportDetailOutput | ReportsCreateResponse400
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
