from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.graph_input_request import GraphInputRequest
from ...models.graph_save_output import GraphSaveOutput
from ...models.pipelines_graph_update_response_400 import PipelinesGraphUpdateResponse400
from typing import cast



def _get_kwargs(
    id: int,
    *,
    body: GraphInputRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/pipelines/{id}/graph/".format(id=quote(str(id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | GraphSaveOutput | PipelinesGraphUpdateResponse400 | None:
    if response.status_code == 200:
        response_200 = GraphSaveOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = PipelinesGraphUpdateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | GraphSaveOutput | PipelinesGraphUpdateResponse400]:
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
    body: GraphInputRequest,

) -> Response[Error | ErrorOutput | GraphSaveOutput | PipelinesGraphUpdateResponse400]:
    """ Replace the whole draft graph

     One atomic request; nodes keep their identity when their key stays. A draft with validation problems
    still saves (200) and the response lists the problems. A malformed document (bad types, duplicate
    keys, edges to unknown nodes, too many nodes) is a 400 naming the field.

    Args:
        id (int):
        body (GraphInputRequest): The whole request body is a graph document;
            ``validated_data["graph"]`` is a Graph.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | GraphSaveOutput | PipelinesGraphUpdateResponse400]
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
    body: GraphInputRequest,

) -> Error | ErrorOutput | GraphSaveOutput | PipelinesGraphUpdateResponse400 | None:
    """ Replace the whole draft graph

     One atomic request; nodes keep their identity when their key stays. A draft with validation problems
    still saves (200) and the response lists the problems. A malformed document (bad types, duplicate
    keys, edges to unknown nodes, too many nodes) is a 400 naming the field.

    Args:
        id (int):
        body (GraphInputRequest): The whole request body is a graph document;
            ``validated_data["graph"]`` is a Graph.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | GraphSaveOutput | PipelinesGraphUpdateResponse400
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
    body: GraphInputRequest,

) -> Response[Error | ErrorOutput | GraphSaveOutput | PipelinesGraphUpdateResponse400]:
    """ Replace the whole draft graph

     One atomic request; nodes keep their identity when their key stays. A draft with validation problems
    still saves (200) and the response lists the problems. A malformed document (bad types, duplicate
    keys, edges to unknown nodes, too many nodes) is a 400 naming the field.

    Args:
        id (int):
        body (GraphInputRequest): The whole request body is a graph document;
            ``validated_data["graph"]`` is a Graph.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | GraphSaveOutput | PipelinesGraphUpdateResponse400]
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
    body: GraphInputRequest,

) -> Error | ErrorOutput | GraphSaveOutput | PipelinesGraphUpdateResponse400 | None:
    """ Replace the whole draft graph

     One atomic request; nodes keep their identity when their key stays. A draft with validation problems
    still saves (200) and the response lists the problems. A malformed document (bad types, duplicate
    keys, edges to unknown nodes, too many nodes) is a 400 naming the field.

    Args:
        id (int):
        body (GraphInputRequest): The whole request body is a graph document;
            ``validated_data["graph"]`` is a Graph.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | GraphSaveOutput | PipelinesGraphUpdateResponse400
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,

    )).parsed
