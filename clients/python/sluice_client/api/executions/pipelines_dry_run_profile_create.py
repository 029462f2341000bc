from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.dry_run_profile_input_request import DryRunProfileInputRequest
from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.pipelines_dry_run_profile_create_response_400 import PipelinesDryRunProfileCreateResponse400
from ...models.step_profile_output import StepProfileOutput
from typing import cast



def _get_kwargs(
    id: int,
    *,
    body: DryRunProfileInputRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/pipelines/{id}/dry-run/profile/".format(id=quote(str(id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | PipelinesDryRunProfileCreateResponse400 | StepProfileOutput | None:
    if response.status_code == 200:
        response_200 = StepProfileOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = PipelinesDryRunProfileCreateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | PipelinesDryRunProfileCreateResponse400 | StepProfileOutput]:
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
    body: DryRunProfileInputRequest,

) -> Response[Error | ErrorOutput | PipelinesDryRunProfileCreateResponse400 | StepProfileOutput]:
    """ Profile of a port of a dry run (the draft, or a graph in the body, on a sample)

     Runs the node's upstream nodes on sample_rows rows per source, in the interactive pool, and profiles
    the port; writes nothing. Needs the editor role, as the dry run.

    Args:
        id (int):
        body (DryRunProfileInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | PipelinesDryRunProfileCreateResponse400 | StepProfileOutput]
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
    body: DryRunProfileInputRequest,

) -> Error | ErrorOutput | PipelinesDryRunProfileCreateResponse400 | StepProfileOutput | None:
    """ Profile of a port of a dry run (the draft, or a graph in the body, on a sample)

     Runs the node's upstream nodes on sample_rows rows per source, in the interactive pool, and profiles
    the port; writes nothing. Needs the editor role, as the dry run.

    Args:
        id (int):
        body (DryRunProfileInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | PipelinesDryRunProfileCreateResponse400 | StepProfileOutput
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
    body: DryRunProfileInputRequest,

) -> Response[Error | ErrorOutput | PipelinesDryRunProfileCreateResponse400 | StepProfileOutput]:
    """ Profile of a port of a dry run (the draft, or a graph in the body, on a sample)

     Runs the node's upstream nodes on sample_rows rows per source, in the interactive pool, and profiles
    the port; writes nothing. Needs the editor role, as the dry run.

    Args:
        id (int):
        body (DryRunProfileInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | PipelinesDryRunProfileCreateResponse400 | StepProfileOutput]
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
    body: DryRunProfileInputRequest,

) -> Error | ErrorOutput | PipelinesDryRunProfileCreateResponse400 | StepProfileOutput | None:
    """ Profile of a port of a dry run (the draft, or a graph in the body, on a sample)

     Runs the node's upstream nodes on sample_rows rows per source, in the interactive pool, and profiles
    the port; writes nothing. Needs the editor role, as the dry run.

    Args:
        id (int):
        body (DryRunProfileInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | PipelinesDryRunProfileCreateResponse400 | StepProfileOutput
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,

    )).parsed
