from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.files_uploads_create_response_400 import FilesUploadsCreateResponse400
from ...models.upload_start_input_request import UploadStartInputRequest
from ...models.upload_state_output import UploadStateOutput
from typing import cast



def _get_kwargs(
    *,
    body: UploadStartInputRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/files/uploads/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | FilesUploadsCreateResponse400 | UploadStateOutput | None:
    if response.status_code == 201:
        response_201 = UploadStateOutput.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = FilesUploadsCreateResponse400.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = ErrorOutput.from_dict(response.json())



        return response_403

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | FilesUploadsCreateResponse400 | UploadStateOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadStartInputRequest,

) -> Response[Error | ErrorOutput | FilesUploadsCreateResponse400 | UploadStateOutput]:
    """ Start a resumable upload

     Declare the file name, its size in bytes and optionally a sub-directory of your area uploads/<your
    user id>/. Then PUT the bytes in chunks to /api/files/uploads/{upload_id}/ and complete it. Only the
    user who started an upload can see, continue or complete it (anyone else gets a 404).

    Args:
        body (UploadStartInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FilesUploadsCreateResponse400 | UploadStateOutput]
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
    body: UploadStartInputRequest,

) -> Error | ErrorOutput | FilesUploadsCreateResponse400 | UploadStateOutput | None:
    """ Start a resumable upload

     Declare the file name, its size in bytes and optionally a sub-directory of your area uploads/<your
    user id>/. Then PUT the bytes in chunks to /api/files/uploads/{upload_id}/ and complete it. Only the
    user who started an upload can see, continue or complete it (anyone else gets a 404).

    Args:
        body (UploadStartInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FilesUploadsCreateResponse400 | UploadStateOutput
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadStartInputRequest,

) -> Response[Error | ErrorOutput | FilesUploadsCreateResponse400 | UploadStateOutput]:
    """ Start a resumable upload

     Declare the file name, its size in bytes and optionally a sub-directory of your area uploads/<your
    user id>/. Then PUT the bytes in chunks to /api/files/uploads/{upload_id}/ and complete it. Only the
    user who started an upload can see, continue or complete it (anyone else gets a 404).

    Args:
        body (UploadStartInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FilesUploadsCreateResponse400 | UploadStateOutput]
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
    body: UploadStartInputRequest,

) -> Error | ErrorOutput | FilesUploadsCreateResponse400 | UploadStateOutput | None:
    """ Start a resumable upload

     Declare the file name, its size in bytes and optionally a sub-directory of your area uploads/<your
    user id>/. Then PUT the bytes in chunks to /api/files/uploads/{upload_id}/ and complete it. Only the
    user who started an upload can see, continue or complete it (anyone else gets a 404).

    Args:
        body (UploadStartInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FilesUploadsCreateResponse400 | UploadStateOutput
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
