from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.column_lineage_output import ColumnLineageOutput
from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.pipelines_lineage_retrieve_response_400 import PipelinesLineageRetrieveResponse400
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: int,
    *,
    column: str,
    node: str,
    port: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["column"] = column

    params["node"] = node

    params["port"] = port


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/pipelines/{id}/lineage/".format(id=quote(str(id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ColumnLineageOutput | Error | ErrorOutput | PipelinesLineageRetrieveResponse400 | None:
    if response.status_code == 200:
        response_200 = ColumnLineageOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = PipelinesLineageRetrieveResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ColumnLineageOutput | Error | ErrorOutput | PipelinesLineageRetrieveResponse400]:
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
    column: str,
    node: str,
    port: str | Unset = UNSET,

) -> Response[ColumnLineageOutput | Error | ErrorOutput | PipelinesLineageRetrieveResponse400]:
    """ Where a column of the draft comes from and what it feeds

     The draft is validated (in the interactive pool) and the validator's column lineage walked both ways
    from the column. A node or column the draft does not have is a 400.

    Args:
        id (int):
        column (str):
        node (str):
        port (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ColumnLineageOutput | Error | ErrorOutput | PipelinesLineageRetrieveResponse400]
     """


    kwargs = _get_kwargs(
        id=id,
column=column,
node=node,
port=port,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    column: str,
    node: str,
    port: str | Unset = UNSET,

) -> ColumnLineageOutput | Error | ErrorOutput | PipelinesLineageRetrieveResponse400 | None:
    """ Where a column of the draft comes from and what it feeds

     The draft is validated (in the interactive pool) and the validator's column lineage walked both ways
    from the column. A node or column the draft does not have is a 400.

    Args:
        id (int):
        column (str):
        node (str):
        port (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ColumnLineageOutput | Error | ErrorOutput | PipelinesLineageRetrieveResponse400
     """


    return sync_detailed(
        id=id,
client=client,
column=column,
node=node,
port=port,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    column: str,
    node: str,
    port: str | Unset = UNSET,

) -> Response[ColumnLineageOutput | Error | ErrorOutput | PipelinesLineageRetrieveResponse400]:
    """ Where a column of the draft comes from and what it feeds

     The draft is validated (in the interactive pool) and the validator's column lineage walked both ways
    from the column. A node or column the draft does not have is a 400.

    Args:
        id (int):
        column (str):
        node (str):
        port (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ColumnLineageOutput | Error | ErrorOutput | PipelinesLineageRetrieveResponse400]
     """


    kwargs = _get_kwargs(
        id=id,
column=column,
node=node,
port=port,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    column: str,
    node: str,
    port: str | Unset = UNSET,

) -> ColumnLineageOutput | Error | ErrorOutput | PipelinesLineageRetrieveResponse400 | None:
    """ Where a column of the draft comes from and what it feeds

     The draft is validated (in the interactive pool) and the validator's column lineage walked both ways
    from the column. A node or column the draft does not have is a 400.

    Args:
        id (int):
        column (str):
        node (str):
        port (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ColumnLineageOutput | Error | ErrorOutput | PipelinesLineageRetrieveResponse400
     """


    return (await asyncio_detailed(
        id=id,
client=client,
column=column,
node=node,
port=port,

    )).parsed
