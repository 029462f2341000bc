from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.delivery_output import DeliveryOutput
from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.reports_send_create_response_400 import ReportsSendCreateResponse400
from ...models.reports_send_create_response_429 import ReportsSendCreateResponse429
from typing import cast



def _get_kwargs(
    id: int,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/reports/{id}/send/".format(id=quote(str(id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | ReportsSendCreateResponse400 | ReportsSendCreateResponse429 | list[DeliveryOutput] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = DeliveryOutput.from_dict(response_200_item_data)



            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = ReportsSendCreateResponse400.from_dict(response.json())



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
        response_429 = ReportsSendCreateResponse429.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | ReportsSendCreateResponse400 | ReportsSendCreateResponse429 | list[DeliveryOutput]]:
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

) -> Response[Error | ErrorOutput | ReportsSendCreateResponse400 | ReportsSendCreateResponse429 | list[DeliveryOutput]]:
    """ Send a report now

     Its owner or an admin. Renders the report as its owner and delivers it to every configured channel
    (email with the PDF attached, webhook); answers one delivery record per channel, failed ones with
    the error. A report without recipients or webhook is a 400; more than SLUICE_REPORT_SENDS_PER_HOUR
    sends by hand per user and hour is a 429 (Retry-After).

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ReportsSendCreateResponse400 | ReportsSendCreateResponse429 | list[DeliveryOutput]]
     """


    kwargs = _get_kwargs(
        id=id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    *,
    client: AuthenticatedClient,

) -> Error | ErrorOutput | ReportsSendCreateResponse400 | ReportsSendCreateResponse429 | list[DeliveryOutput] | None:
    """ Send a report now

     Its owner or an admin. Renders the report as its owner and delivers it to every configured channel
    (email with the PDF attached, webhook); answers one delivery record per channel, failed ones with
    the error. A report without recipients or webhook is a 400; more than SLUICE_REPORT_SENDS_PER_HOUR
    sends by hand per user and hour is a 429 (Retry-After).

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ReportsSendCreateResponse400 | ReportsSendCreateResponse429 | list[DeliveryOutput]
     """


    return sync_detailed(
        id=id,
client=client,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,

) -> Response[Error | ErrorOutput | ReportsSendCreateResponse400 | ReportsSendCreateResponse429 | list[DeliveryOutput]]:
    """ Send a report now

     Its owner or an admin. Renders the report as its owner and delivers it to every configured channel
    (email with the PDF attached, webhook); answers one delivery record per channel, failed ones with
    the error. A report without recipients or webhook is a 400; more than SLUICE_REPORT_SENDS_PER_HOUR
    sends by hand per user and hour is a 429 (Retry-After).

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ReportsSendCreateResponse400 | ReportsSendCreateResponse429 | list[DeliveryOutput]]
     """


    kwargs = _get_kwargs(
        id=id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,

) -> Error | ErrorOutput | ReportsSendCreateResponse400 | ReportsSendCreateResponse429 | list[DeliveryOutput] | None:
    """ Send a report now

     Its owner or an admin. Renders the report as its owner and delivers it to every configured channel
    (email with the PDF attached, webhook); answers one delivery record per channel, failed ones with
    the error. A report without recipients or webhook is a 400; more than SLUICE_REPORT_SENDS_PER_HOUR
    sends by hand per user and hour is a 429 (Retry-After).

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ReportsSendCreateResponse400 | ReportsSendCreateResponse429 | list[DeliveryOutput]
     """


    return (await asyncio_detailed(
        id=id,
client=client,

    )).parsed
