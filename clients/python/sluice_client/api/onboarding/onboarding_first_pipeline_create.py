from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.first_pipeline_output import FirstPipelineOutput
from ...models.validation_error import ValidationError
from typing import cast



def _get_kwargs(
    
) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/onboarding/first-pipeline/",
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | FirstPipelineOutput | ValidationError | None:
    if response.status_code == 201:
        response_201 = FirstPipelineOutput.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = ValidationError.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | FirstPipelineOutput | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,

) -> Response[Error | FirstPipelineOutput | ValidationError]:
    """ Build your first pipeline: make it from a template on the demo data and run it

     Makes *My first pipeline* (once per user) from the built-in *Filter and aggregate* template over the
    demo sales file, saves it as a version and starts a run, for editors and above (the run is allowed
    to editors: only this pipeline). Calling it again runs the same pipeline again.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FirstPipelineOutput | ValidationError]
     """


    kwargs = _get_kwargs(
        
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,

) -> Error | FirstPipelineOutput | ValidationError | None:
    """ Build your first pipeline: make it from a template on the demo data and run it

     Makes *My first pipeline* (once per user) from the built-in *Filter and aggregate* template over the
    demo sales file, saves it as a version and starts a run, for editors and above (the run is allowed
    to editors: only this pipeline). Calling it again runs the same pipeline again.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FirstPipelineOutput | ValidationError
     """


    return sync_detailed(
        client=client,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,

) -> Response[Error | FirstPipelineOutput | ValidationError]:
    """ Build your first pipeline: make it from a template on the demo data and run it

     Makes *My first pipeline* (once per user) from the built-in *Filter and aggregate* template over the
    demo sales file, saves it as a version and starts a run, for editors and above (the run is allowed
    to editors: only this pipeline). Calling it again runs the same pipeline again.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FirstPipelineOutput | ValidationError]
     """


    kwargs = _get_kwargs(
        
    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,

) -> Error | FirstPipelineOutput | ValidationError | None:
    """ Build your first pipeline: make it from a template on the demo data and run it

     Makes *My first pipeline* (once per user) from the built-in *Filter and aggregate* template over the
    demo sales file, saves it as a version and starts a run, for editors and above (the run is allowed
    to editors: only this pipeline). Calling it again runs the same pipeline again.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FirstPipelineOutput | ValidationError
     """


    return (await asyncio_detailed(
        client=client,

    )).parsed
