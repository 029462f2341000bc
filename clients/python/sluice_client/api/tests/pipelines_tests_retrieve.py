from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.test_detail_output import TestDetailOutput
from typing import cast



def _get_kwargs(
    id: int,
    test_id: int,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/pipelines/{id}/tests/{test_id}/".format(id=quote(str(id), safe=""),test_id=quote(str(test_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | TestDetailOutput | None:
    if response.status_code == 200:
        response_200 = TestDetailOutput.from_dict(response.json())



        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | TestDetailOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    test_id: int,
    *,
    client: AuthenticatedClient,

) -> Response[Error | ErrorOutput | TestDetailOutput]:
    """ A test with its fixtures and last result

    Args:
        id (int):
        test_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | TestDetailOutput]
     """


    kwargs = _get_kwargs(
        id=id,
test_id=test_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    test_id: int,
    *,
    client: AuthenticatedClient,

) -> Error | ErrorOutput | TestDetailOutput | None:
    """ A test with its fixtures and last result

    Args:
        id (int):
        test_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | TestDetailOutput
     """


    return sync_detailed(
        id=id,
test_id=test_id,
client=client,

    ).parsed

async def asyncio_detailed(
    id: int,
    test_id: int,
    *,
    client: AuthenticatedClient,

) -> Response[Error | ErrorOutput | TestDetailOutput]:
    """ A test with its fixtures and last result

    Args:
        id (int):
        test_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | TestDetailOutput]
     """


    kwargs = _get_kwargs(
        id=id,
test_id=test_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    test_id: int,
    *,
    client: AuthenticatedClient,

) -> Error | ErrorOutput | TestDetailOutput | None:
    """ A test with its fixtures and last result

    Args:
        id (int):
        test_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | TestDetailOutput
     """


    return (await asyncio_detailed(
        id=id,
test_id=test_id,
client=client,

    )).parsed
