from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.connections_introspect_retrieve_response_400 import ConnectionsIntrospectRetrieveResponse400
from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.introspect_output import IntrospectOutput
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: int,
    *,
    schema: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["schema"] = schema


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/connections/{id}/introspect/".format(id=quote(str(id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ConnectionsIntrospectRetrieveResponse400 | Error | ErrorOutput | IntrospectOutput | None:
    if response.status_code == 200:
        response_200 = IntrospectOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ConnectionsIntrospectRetrieveResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ConnectionsIntrospectRetrieveResponse400 | Error | ErrorOutput | IntrospectOutput]:
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
    schema: str | Unset = UNSET,

) -> Response[ConnectionsIntrospectRetrieveResponse400 | Error | ErrorOutput | IntrospectOutput]:
    """ Schemas, tables and columns of a database connection

     Needs the editor role. Bounded in time and size ('truncated' says when it stopped early). A
    connection that cannot be read is a 400 with a safe message.

    Args:
        id (int):
        schema (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionsIntrospectRetrieveResponse400 | Error | ErrorOutput | IntrospectOutput]
     """


    kwargs = _get_kwargs(
        id=id,
schema=schema,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    schema: str | Unset = UNSET,

) -> ConnectionsIntrospectRetrieveResponse400 | Error | ErrorOutput | IntrospectOutput | None:
    """ Schemas, tables and columns of a database connection

     Needs the editor role. Bounded in time and size ('truncated' says when it stopped early). A
    connection that cannot be read is a 400 with a safe message.

    Args:
        id (int):
        schema (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionsIntrospectRetrieveResponse400 | Error | ErrorOutput | IntrospectOutput
     """


    return sync_detailed(
        id=id,
client=client,
schema=schema,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    schema: str | Unset = UNSET,

) -> Response[ConnectionsIntrospectRetrieveResponse400 | Error | ErrorOutput | IntrospectOutput]:
    """ Schemas, tables and columns of a database connection

     Needs the editor role. Bounded in time and size ('truncated' says when it stopped early). A
    connection that cannot be read is a 400 with a safe message.

    Args:
        id (int):
        schema (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionsIntrospectRetrieveResponse400 | Error | ErrorOutput | IntrospectOutput]
     """


    kwargs = _get_kwargs(
        id=id,
schema=schema,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    schema: str | Unset = UNSET,

) -> ConnectionsIntrospectRetrieveResponse400 | Error | ErrorOutput | IntrospectOutput | None:
    """ Schemas, tables and columns of a database connection

     Needs the editor role. Bounded in time and size ('truncated' says when it stopped early). A
    connection that cannot be read is a 400 with a safe message.

    Args:
        id (int):
        schema (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionsIntrospectRetrieveResponse400 | Error | ErrorOutput | IntrospectOutput
     """


    return (await asyncio_detailed(
        id=id,
client=client,
schema=schema,

    )).parsed
