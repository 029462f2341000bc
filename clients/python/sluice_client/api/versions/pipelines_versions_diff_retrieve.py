from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.diff_output import DiffOutput
from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.pipelines_versions_diff_retrieve_response_400 import PipelinesVersionsDiffRetrieveResponse400
from typing import cast



def _get_kwargs(
    id: int,
    *,
    from_: int,
    to: int,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["from"] = from_

    params["to"] = to


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/pipelines/{id}/versions/diff/".format(id=quote(str(id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DiffOutput | Error | ErrorOutput | PipelinesVersionsDiffRetrieveResponse400 | None:
    if response.status_code == 200:
        response_200 = DiffOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = PipelinesVersionsDiffRetrieveResponse400.from_dict(response.json())



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

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DiffOutput | Error | ErrorOutput | PipelinesVersionsDiffRetrieveResponse400]:
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
    from_: int,
    to: int,

) -> Response[DiffOutput | Error | ErrorOutput | PipelinesVersionsDiffRetrieveResponse400]:
    """ What changed between two versions

    Args:
        id (int):
        from_ (int):
        to (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiffOutput | Error | ErrorOutput | PipelinesVersionsDiffRetrieveResponse400]
     """


    kwargs = _get_kwargs(
        id=id,
from_=from_,
to=to,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    from_: int,
    to: int,

) -> DiffOutput | Error | ErrorOutput | PipelinesVersionsDiffRetrieveResponse400 | None:
    """ What changed between two versions

    Args:
        id (int):
        from_ (int):
        to (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiffOutput | Error | ErrorOutput | PipelinesVersionsDiffRetrieveResponse400
     """


    return sync_detailed(
        id=id,
client=client,
from_=from_,
to=to,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    from_: int,
    to: int,

) -> Response[DiffOutput | Error | ErrorOutput | PipelinesVersionsDiffRetrieveResponse400]:
    """ What changed between two versions

    Args:
        id (int):
        from_ (int):
        to (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiffOutput | Error | ErrorOutput | PipelinesVersionsDiffRetrieveResponse400]
     """


    kwargs = _get_kwargs(
        id=id,
from_=from_,
to=to,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    from_: int,
    to: int,

) -> DiffOutput | Error | ErrorOutput | PipelinesVersionsDiffRetrieveResponse400 | None:
    """ What changed between two versions

    Args:
        id (int):
        from_ (int):
        to (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiffOutput | Error | ErrorOutput | PipelinesVersionsDiffRetrieveResponse400
     """


    return (await asyncio_detailed(
        id=id,
client=client,
from_=from_,
to=to,

    )).parsed
