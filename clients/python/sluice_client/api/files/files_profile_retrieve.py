from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.file_profile_output import FileProfileOutput
from ...models.files_profile_retrieve_response_400 import FilesProfileRetrieveResponse400
from typing import cast



def _get_kwargs(
    *,
    path: str,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["path"] = path


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/files/profile/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | FileProfileOutput | FilesProfileRetrieveResponse400 | None:
    if response.status_code == 200:
        response_200 = FileProfileOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = FilesProfileRetrieveResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | FileProfileOutput | FilesProfileRetrieveResponse400]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    path: str,

) -> Response[Error | ErrorOutput | FileProfileOutput | FilesProfileRetrieveResponse400]:
    """ Profile a file under the data root

     Per column: type, nulls, distinct values, min/max/mean/std/quantiles, top values and a histogram,
    computed in the interactive pool on at most SLUICE_PROFILE_ROWS rows (a larger file is sampled, and
    the answer says so). Only files you may open (docs/files.md): any other file, like a missing one, is
    a 404; a path that may not be used (.., absolute, hidden names) is a 400 on path.

    Args:
        path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FileProfileOutput | FilesProfileRetrieveResponse400]
     """


    kwargs = _get_kwargs(
        path=path,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    path: str,

) -> Error | ErrorOutput | FileProfileOutput | FilesProfileRetrieveResponse400 | None:
    """ Profile a file under the data root

     Per column: type, nulls, distinct values, min/max/mean/std/quantiles, top values and a histogram,
    computed in the interactive pool on at most SLUICE_PROFILE_ROWS rows (a larger file is sampled, and
    the answer says so). Only files you may open (docs/files.md): any other file, like a missing one, is
    a 404; a path that may not be used (.., absolute, hidden names) is a 400 on path.

    Args:
        path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FileProfileOutput | FilesProfileRetrieveResponse400
     """


    return sync_detailed(
        client=client,
path=path,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    path: str,

) -> Response[Error | ErrorOutput | FileProfileOutput | FilesProfileRetrieveResponse400]:
    """ Profile a file under the data root

     Per column: type, nulls, distinct values, min/max/mean/std/quantiles, top values and a histogram,
    computed in the interactive pool on at most SLUICE_PROFILE_ROWS rows (a larger file is sampled, and
    the answer says so). Only files you may open (docs/files.md): any other file, like a missing one, is
    a 404; a path that may not be used (.., absolute, hidden names) is a 400 on path.

    Args:
        path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FileProfileOutput | FilesProfileRetrieveResponse400]
     """


    kwargs = _get_kwargs(
        path=path,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    path: str,

) -> Error | ErrorOutput | FileProfileOutput | FilesProfileRetrieveResponse400 | None:
    """ Profile a file under the data root

     Per column: type, nulls, distinct values, min/max/mean/std/quantiles, top values and a histogram,
    computed in the interactive pool on at most SLUICE_PROFILE_ROWS rows (a larger file is sampled, and
    the answer says so). Only files you may open (docs/files.md): any other file, like a missing one, is
    a 404; a path that may not be used (.., absolute, hidden names) is a 400 on path.

    Args:
        path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FileProfileOutput | FilesProfileRetrieveResponse400
     """


    return (await asyncio_detailed(
        client=client,
path=path,

    )).parsed
