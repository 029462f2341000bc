from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.connection_input_request import ConnectionInputRequest
from ...models.connection_output import ConnectionOutput
from ...models.connections_update_response_400 import ConnectionsUpdateResponse400
from ...models.error import Error
from ...models.error_output import ErrorOutput
from typing import cast



def _get_kwargs(
    id: int,
    *,
    body: ConnectionInputRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/connections/{id}/".format(id=quote(str(id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ConnectionOutput | ConnectionsUpdateResponse400 | Error | ErrorOutput | None:
    if response.status_code == 200:
        response_200 = ConnectionOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ConnectionsUpdateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ConnectionOutput | ConnectionsUpdateResponse400 | Error | ErrorOutput]:
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
    body: ConnectionInputRequest,

) -> Response[ConnectionOutput | ConnectionsUpdateResponse400 | Error | ErrorOutput]:
    """ Update a connection

     Its owner or an admin (those it is shared with get a 403). Secrets merge: a key with a value sets
    it, a key with null removes it, others are kept. An HTTP connection with
    config.allow_private_network on lifts the SSRF guard: turning it on, or changing the config of a
    connection that has it on, needs the admin role unless the server sets ALLOW_PRIVATE_NETWORK_SOURCES
    (403 saying why).

    Args:
        id (int):
        body (ConnectionInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionOutput | ConnectionsUpdateResponse400 | Error | ErrorOutput]
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
    body: ConnectionInputRequest,

) -> ConnectionOutput | ConnectionsUpdateResponse400 | Error | ErrorOutput | None:
    """ Update a connection

     Its owner or an admin (those it is shared with get a 403). Secrets merge: a key with a value sets
    it, a key with null removes it, others are kept. An HTTP connection with
    config.allow_private_network on lifts the SSRF guard: turning it on, or changing the config of a
    connection that has it on, needs the admin role unless the server sets ALLOW_PRIVATE_NETWORK_SOURCES
    (403 saying why).

    Args:
        id (int):
        body (ConnectionInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionOutput | ConnectionsUpdateResponse400 | Error | ErrorOutput
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
    body: ConnectionInputRequest,

) -> Response[ConnectionOutput | ConnectionsUpdateResponse400 | Error | ErrorOutput]:
    """ Update a connection

     Its owner or an admin (those it is shared with get a 403). Secrets merge: a key with a value sets
    it, a key with null removes it, others are kept. An HTTP connection with
    config.allow_private_network on lifts the SSRF guard: turning it on, or changing the config of a
    connection that has it on, needs the admin role unless the server sets ALLOW_PRIVATE_NETWORK_SOURCES
    (403 saying why).

    Args:
        id (int):
        body (ConnectionInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionOutput | ConnectionsUpdateResponse400 | Error | ErrorOutput]
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
    body: ConnectionInputRequest,

) -> ConnectionOutput | ConnectionsUpdateResponse400 | Error | ErrorOutput | None:
    """ Update a connection

     Its owner or an admin (those it is shared with get a 403). Secrets merge: a key with a value sets
    it, a key with null removes it, others are kept. An HTTP connection with
    config.allow_private_network on lifts the SSRF guard: turning it on, or changing the config of a
    connection that has it on, needs the admin role unless the server sets ALLOW_PRIVATE_NETWORK_SOURCES
    (403 saying why).

    Args:
        id (int):
        body (ConnectionInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionOutput | ConnectionsUpdateResponse400 | Error | ErrorOutput
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,

    )).parsed
