from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.pipelines_validate_create_response_400 import PipelinesValidateCreateResponse400
from ...models.validate_input_request import ValidateInputRequest
from ...models.validation_output import ValidationOutput
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: int,
    *,
    body: ValidateInputRequest | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/pipelines/{id}/validate/".format(id=quote(str(id), safe=""),),
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | PipelinesValidateCreateResponse400 | ValidationOutput | None:
    if response.status_code == 200:
        response_200 = ValidationOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = PipelinesValidateCreateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | PipelinesValidateCreateResponse400 | ValidationOutput]:
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
    body: ValidateInputRequest | Unset = UNSET,

) -> Response[Error | ErrorOutput | PipelinesValidateCreateResponse400 | ValidationOutput]:
    """ Validate the stored draft, or a graph given in the body

     Writes nothing. An invalid graph is a 200 with valid=false and every problem; a malformed body is a
    400.

    Args:
        id (int):
        body (ValidateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | PipelinesValidateCreateResponse400 | ValidationOutput]
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
    body: ValidateInputRequest | Unset = UNSET,

) -> Error | ErrorOutput | PipelinesValidateCreateResponse400 | ValidationOutput | None:
    """ Validate the stored draft, or a graph given in the body

     Writes nothing. An invalid graph is a 200 with valid=false and every problem; a malformed body is a
    400.

    Args:
        id (int):
        body (ValidateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | PipelinesValidateCreateResponse400 | ValidationOutput
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
    body: ValidateInputRequest | Unset = UNSET,

) -> Response[Error | ErrorOutput | PipelinesValidateCreateResponse400 | ValidationOutput]:
    """ Validate the stored draft, or a graph given in the body

     Writes nothing. An invalid graph is a 200 with valid=false and every problem; a malformed body is a
    400.

    Args:
        id (int):
        body (ValidateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | PipelinesValidateCreateResponse400 | ValidationOutput]
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
    body: ValidateInputRequest | Unset = UNSET,

) -> Error | ErrorOutput | PipelinesValidateCreateResponse400 | ValidationOutput | None:
    """ Validate the stored draft, or a graph given in the body

     Writes nothing. An invalid graph is a 200 with valid=false and every problem; a malformed body is a
    400.

    Args:
        id (int):
        body (ValidateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | PipelinesValidateCreateResponse400 | ValidationOutput
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,

    )).parsed
