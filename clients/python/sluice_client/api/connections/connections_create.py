from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.connection_input_request import ConnectionInputRequest
from ...models.connection_output import ConnectionOutput
from ...models.connections_create_response_400 import ConnectionsCreateResponse400
from ...models.error import Error
from ...models.error_output import ErrorOutput
from typing import cast



def _get_kwargs(
    *,
    body: ConnectionInputRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/connections/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ConnectionOutput | ConnectionsCreateResponse400 | Error | ErrorOutput | None:
    if response.status_code == 201:
        response_201 = ConnectionOutput.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = ConnectionsCreateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ConnectionOutput | ConnectionsCreateResponse400 | Error | ErrorOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ConnectionInputRequest,

) -> Response[ConnectionOutput | ConnectionsCreateResponse400 | Error | ErrorOutput]:
    """ Create a connection

     Needs the editor role. Secrets are encrypted at rest and never returned. An HTTP connection with
    config.allow_private_network on lifts the SSRF guard: turning it on, or changing the config of a
    connection that has it on, needs the admin role unless the server sets ALLOW_PRIVATE_NETWORK_SOURCES
    (403 saying why).

    Args:
        body (ConnectionInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionOutput | ConnectionsCreateResponse400 | Error | ErrorOutput]
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
    body: ConnectionInputRequest,

) -> ConnectionOutput | ConnectionsCreateResponse400 | Error | ErrorOutput | None:
    """ Create a connection

     Needs the editor role. Secrets are encrypted at rest and never returned. An HTTP connection with
    config.allow_private_network on lifts the SSRF guard: turning it on, or changing the config of a
    connection that has it on, needs the admin role unless the server sets ALLOW_PRIVATE_NETWORK_SOURCES
    (403 saying why).

    Args:
        body (ConnectionInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionOutput | ConnectionsCreateResponse400 | Error | ErrorOutput
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ConnectionInputRequest,

) -> Response[ConnectionOutput | ConnectionsCreateResponse400 | Error | ErrorOutput]:
    """ Create a connection

     Needs the editor role. Secrets are encrypted at rest and never returned. An HTTP connection with
    config.allow_private_network on lifts the SSRF guard: turning it on, or changing the config of a
    connection that has it on, needs the admin role unless the server sets ALLOW_PRIVATE_NETWORK_SOURCES
    (403 saying why).

    Args:
        body (ConnectionInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionOutput | ConnectionsCreateResponse400 | Error | ErrorOutput]
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
    body: ConnectionInputRequest,

) -> ConnectionOutput | ConnectionsCreateResponse400 | Error | ErrorOutput | None:
    """ Create a connection

     Needs the editor role. Secrets are encrypted at rest and never returned. An HTTP connection with
    config.allow_private_network on lifts the SSRF guard: turning it on, or changing the config of a
    connection that has it on, needs the admin role unless the server sets ALLOW_PRIVATE_NETWORK_SOURCES
    (403 saying why).

    Args:
        body (ConnectionInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionOutput | ConnectionsCreateResponse400 | Error | ErrorOutput
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
