from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.files_uploads_complete_create_response_400 import FilesUploadsCompleteCreateResponse400
from ...models.inspect_output import InspectOutput
from typing import cast
from uuid import UUID



def _get_kwargs(
    upload_id: UUID,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/files/uploads/{upload_id}/complete/".format(upload_id=quote(str(upload_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | FilesUploadsCompleteCreateResponse400 | InspectOutput | None:
    if response.status_code == 200:
        response_200 = InspectOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = FilesUploadsCompleteCreateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | FilesUploadsCompleteCreateResponse400 | InspectOutput]:
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

) -> Response[Error | ErrorOutput | FilesUploadsCompleteCreateResponse400 | InspectOutput]:
    """ Complete a resumable upload

     Once every byte arrived: the file moves into your area and the answer is as for a one-shot upload
    (path, size, format, schema, rows_sampled).

    Args:
        upload_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FilesUploadsCompleteCreateResponse400 | InspectOutput]
     """


    kwargs = _get_kwargs(
        upload_id=upload_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    upload_id: UUID,
    *,
    client: AuthenticatedClient,

) -> Error | ErrorOutput | FilesUploadsCompleteCreateResponse400 | InspectOutput | None:
    """ Complete a resumable upload

     Once every byte arrived: the file moves into your area and the answer is as for a one-shot upload
    (path, size, format, schema, rows_sampled).

    Args:
        upload_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FilesUploadsCompleteCreateResponse400 | InspectOutput
     """


    return sync_detailed(
        upload_id=upload_id,
client=client,

    ).parsed

async def asyncio_detailed(
    upload_id: UUID,
    *,
    client: AuthenticatedClient,

) -> Response[Error | ErrorOutput | FilesUploadsCompleteCreateResponse400 | InspectOutput]:
    """ Complete a resumable upload

     Once every byte arrived: the file moves into your area and the answer is as for a one-shot upload
    (path, size, format, schema, rows_sampled).

    Args:
        upload_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | FilesUploadsCompleteCreateResponse400 | InspectOutput]
     """


    kwargs = _get_kwargs(
        upload_id=upload_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    upload_id: UUID,
    *,
    client: AuthenticatedClient,

) -> Error | ErrorOutput | FilesUploadsCompleteCreateResponse400 | InspectOutput | None:
    """ Complete a resumable upload

     Once every byte arrived: the file moves into your area and the answer is as for a one-shot upload
    (path, size, format, schema, rows_sampled).

    Args:
        upload_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | FilesUploadsCompleteCreateResponse400 | InspectOutput
     """


    return (await asyncio_detailed(
        upload_id=upload_id,
client=client,

    )).parsed
