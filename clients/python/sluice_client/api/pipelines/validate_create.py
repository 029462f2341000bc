from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.graph_validate_input_request import GraphValidateInputRequest
from ...models.validate_create_response_400 import ValidateCreateResponse400
from ...models.validation_output import ValidationOutput
from typing import cast



def _get_kwargs(
    *,
    body: GraphValidateInputRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/validate/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | ValidateCreateResponse400 | ValidationOutput | None:
    if response.status_code == 200:
        response_200 = ValidationOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ValidateCreateResponse400.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | ValidateCreateResponse400 | ValidationOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: GraphValidateInputRequest,

) -> Response[Error | ErrorOutput | ValidateCreateResponse400 | ValidationOutput]:
    """ Validate a graph without a pipeline

    Args:
        body (GraphValidateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ValidateCreateResponse400 | ValidationOutput]
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
    body: GraphValidateInputRequest,

) -> Error | ErrorOutput | ValidateCreateResponse400 | ValidationOutput | None:
    """ Validate a graph without a pipeline

    Args:
        body (GraphValidateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ValidateCreateResponse400 | ValidationOutput
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: GraphValidateInputRequest,

) -> Response[Error | ErrorOutput | ValidateCreateResponse400 | ValidationOutput]:
    """ Validate a graph without a pipeline

    Args:
        body (GraphValidateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ValidateCreateResponse400 | ValidationOutput]
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
    body: GraphValidateInputRequest,

) -> Error | ErrorOutput | ValidateCreateResponse400 | ValidationOutput | None:
    """ Validate a graph without a pipeline

    Args:
        body (GraphValidateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ValidateCreateResponse400 | ValidationOutput
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
