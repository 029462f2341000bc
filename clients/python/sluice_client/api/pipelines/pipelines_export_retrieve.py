from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.export_output import ExportOutput
from ...models.pipelines_export_retrieve_format import PipelinesExportRetrieveFormat
from ...models.validation_error import ValidationError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: int,
    *,
    format_: PipelinesExportRetrieveFormat | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/pipelines/{id}/export/".format(id=quote(str(id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | ExportOutput | ValidationError | None:
    if response.status_code == 200:
        response_200 = ExportOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ValidationError.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | ExportOutput | ValidationError]:
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
    format_: PipelinesExportRetrieveFormat | Unset = UNSET,

) -> Response[Error | ErrorOutput | ExportOutput | ValidationError]:
    """ Export the pipeline as a portable document

     Graph, schedule, params and tags; never secrets (connections are referenced by slug). JSON by
    default, YAML with ?format=yaml or Accept: application/yaml.

    Args:
        id (int):
        format_ (PipelinesExportRetrieveFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ExportOutput | ValidationError]
     """


    kwargs = _get_kwargs(
        id=id,
format_=format_,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    format_: PipelinesExportRetrieveFormat | Unset = UNSET,

) -> Error | ErrorOutput | ExportOutput | ValidationError | None:
    """ Export the pipeline as a portable document

     Graph, schedule, params and tags; never secrets (connections are referenced by slug). JSON by
    default, YAML with ?format=yaml or Accept: application/yaml.

    Args:
        id (int):
        format_ (PipelinesExportRetrieveFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ExportOutput | ValidationError
     """


    return sync_detailed(
        id=id,
client=client,
format_=format_,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    format_: PipelinesExportRetrieveFormat | Unset = UNSET,

) -> Response[Error | ErrorOutput | ExportOutput | ValidationError]:
    """ Export the pipeline as a portable document

     Graph, schedule, params and tags; never secrets (connections are referenced by slug). JSON by
    default, YAML with ?format=yaml or Accept: application/yaml.

    Args:
        id (int):
        format_ (PipelinesExportRetrieveFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ExportOutput | ValidationError]
     """


    kwargs = _get_kwargs(
        id=id,
format_=format_,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    format_: PipelinesExportRetrieveFormat | Unset = UNSET,

) -> Error | ErrorOutput | ExportOutput | ValidationError | None:
    """ Export the pipeline as a portable document

     Graph, schedule, params and tags; never secrets (connections are referenced by slug). JSON by
    default, YAML with ?format=yaml or Accept: application/yaml.

    Args:
        id (int):
        format_ (PipelinesExportRetrieveFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ExportOutput | ValidationError
     """


    return (await asyncio_detailed(
        id=id,
client=client,
format_=format_,

    )).parsed
