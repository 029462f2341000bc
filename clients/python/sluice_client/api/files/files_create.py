from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.files_create_response_400 import FilesCreateResponse400
from ...models.inspect_output import InspectOutput
from ...models.upload_input_request import UploadInputRequest
from typing import cast



def _get_kwargs(
    *,
    body: UploadInputRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/files/",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | FilesCreateResponse400 | InspectOutput | None:
    if response.status_code == 201:
        response_201 = InspectOutput.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = FilesCreateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | FilesCreateResponse400 | InspectOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadInputRequest,

) -> Response[Error | ErrorOutput | FilesCreateResponse400 | InspectOutput]:
    """ Upload a file into your upload area

     multipart/form-data with the field file (and optionally filename, path, a sub-directory of your area
    uploads/<your user id>/, and overwrite, which replaces only your own file). Needs the editor role.
    The answer says where the file is and what it holds. Files up to UPLOAD_MAX_BYTES; for large files
    or unreliable links use the resumable uploads.

    Args:
        body (UploadInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FilesCreateResponse400 | InspectOutput]
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
    body: UploadInputRequest,

) -> Error | ErrorOutput | FilesCreateResponse400 | InspectOutput | None:
    """ Upload a file into your upload area

     multipart/form-data with the field file (and optionally filename, path, a sub-directory of your area
    uploads/<your user id>/, and overwrite, which replaces only your own file). Needs the editor role.
    The answer says where the file is and what it holds. Files up to UPLOAD_MAX_BYTES; for large files
    or unreliable links use the resumable uploads.

    Args:
        body (UploadInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FilesCreateResponse400 | InspectOutput
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadInputRequest,

) -> Response[Error | ErrorOutput | FilesCreateResponse400 | InspectOutput]:
    """ Upload a file into your upload area

     multipart/form-data with the field file (and optionally filename, path, a sub-directory of your area
    uploads/<your user id>/, and overwrite, which replaces only your own file). Needs the editor role.
    The answer says where the file is and what it holds. Files up to UPLOAD_MAX_BYTES; for large files
    or unreliable links use the resumable uploads.

    Args:
        body (UploadInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FilesCreateResponse400 | InspectOutput]
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
    body: UploadInputRequest,

) -> Error | ErrorOutput | FilesCreateResponse400 | InspectOutput | None:
    """ Upload a file into your upload area

     multipart/form-data with the field file (and optionally filename, path, a sub-directory of your area
    uploads/<your user id>/, and overwrite, which replaces only your own file). Needs the editor role.
    The answer says where the file is and what it holds. Files up to UPLOAD_MAX_BYTES; for large files
    or unreliable links use the resumable uploads.

    Args:
        body (UploadInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FilesCreateResponse400 | InspectOutput
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
