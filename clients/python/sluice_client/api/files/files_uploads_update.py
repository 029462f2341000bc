from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.files_uploads_update_response_400 import FilesUploadsUpdateResponse400
from ...models.offset_conflict_output import OffsetConflictOutput
from ...models.upload_state_output import UploadStateOutput
from ...types import File, FileTypes
from ...types import UNSET, Unset
from io import BytesIO
from typing import cast
from uuid import UUID



def _get_kwargs(
    upload_id: UUID,
    *,
    body: File | Unset = UNSET,
    upload_offset: int,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Upload-Offset"] = str(upload_offset)




    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/files/uploads/{upload_id}/".format(upload_id=quote(str(upload_id), safe=""),),
    }

    if not isinstance(body, Unset):
        _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/offset+octet-stream"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | FilesUploadsUpdateResponse400 | OffsetConflictOutput | UploadStateOutput | None:
    if response.status_code == 200:
        response_200 = UploadStateOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = FilesUploadsUpdateResponse400.from_dict(response.json())



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

    if response.status_code == 409:
        response_409 = OffsetConflictOutput.from_dict(response.json())



        return response_409

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | FilesUploadsUpdateResponse400 | OffsetConflictOutput | UploadStateOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    upload_id: UUID,
    *,
    client: AuthenticatedClient,
    body: File | Unset = UNSET,
    upload_offset: int,

) -> Response[Error | ErrorOutput | FilesUploadsUpdateResponse400 | OffsetConflictOutput | UploadStateOutput]:
    """ Send a chunk of a resumable upload

     The body is the raw bytes of the chunk (Content-Type application/offset+octet-stream or
    application/octet-stream); the Upload-Offset header says where it starts and must equal the current
    offset (else 409 with the current offset). A chunk may not pass the declared size or
    UPLOAD_CHUNK_MAX_BYTES (16 MiB by default).

    Args:
        upload_id (UUID):
        upload_offset (int):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FilesUploadsUpdateResponse400 | OffsetConflictOutput | UploadStateOutput]
     """


    kwargs = _get_kwargs(
        upload_id=upload_id,
body=body,
upload_offset=upload_offset,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    upload_id: UUID,
    *,
    client: AuthenticatedClient,
    body: File | Unset = UNSET,
    upload_offset: int,

) -> Error | ErrorOutput | FilesUploadsUpdateResponse400 | OffsetConflictOutput | UploadStateOutput | None:
    """ Send a chunk of a resumable upload

     The body is the raw bytes of the chunk (Content-Type application/offset+octet-stream or
    application/octet-stream); the Upload-Offset header says where it starts and must equal the current
    offset (else 409 with the current offset). A chunk may not pass the declared size or
    UPLOAD_CHUNK_MAX_BYTES (16 MiB by default).

    Args:
        upload_id (UUID):
        upload_offset (int):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FilesUploadsUpdateResponse400 | OffsetConflictOutput | UploadStateOutput
     """


    return sync_detailed(
        upload_id=upload_id,
client=client,
body=body,
upload_offset=upload_offset,

    ).parsed

async def asyncio_detailed(
    upload_id: UUID,
    *,
    client: AuthenticatedClient,
    body: File | Unset = UNSET,
    upload_offset: int,

) -> Response[Error | ErrorOutput | FilesUploadsUpdateResponse400 | OffsetConflictOutput | UploadStateOutput]:
    """ Send a chunk of a resumable upload

     The body is the raw bytes of the chunk (Content-Type application/offset+octet-stream or
    application/octet-stream); the Upload-Offset header says where it starts and must equal the current
    offset (else 409 with the current offset). A chunk may not pass the declared size or
    UPLOAD_CHUNK_MAX_BYTES (16 MiB by default).

    Args:
        upload_id (UUID):
        upload_offset (int):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FilesUploadsUpdateResponse400 | OffsetConflictOutput | UploadStateOutput]
     """


    kwargs = _get_kwargs(
        upload_id=upload_id,
body=body,
upload_offset=upload_offset,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    upload_id: UUID,
    *,
    client: AuthenticatedClient,
    body: File | Unset = UNSET,
    upload_offset: int,

) -> Error | ErrorOutput | FilesUploadsUpdateResponse400 | OffsetConflictOutput | UploadStateOutput | None:
    """ Send a chunk of a resumable upload

     The body is the raw bytes of the chunk (Content-Type application/offset+octet-stream or
    application/octet-stream); the Upload-Offset header says where it starts and must equal the current
    offset (else 409 with the current offset). A chunk may not pass the declared size or
    UPLOAD_CHUNK_MAX_BYTES (16 MiB by default).

    Args:
        upload_id (UUID):
        upload_offset (int):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FilesUploadsUpdateResponse400 | OffsetConflictOutput | UploadStateOutput
     """


    return (await asyncio_detailed(
        upload_id=upload_id,
client=client,
body=body,
upload_offset=upload_offset,

    )).parsed
