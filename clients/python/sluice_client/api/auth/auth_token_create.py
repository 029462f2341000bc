from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.token_obtain_pair import TokenObtainPair
from ...models.token_obtain_pair_request import TokenObtainPairRequest
from ...models.validation_error import ValidationError
from typing import cast



def _get_kwargs(
    *,
    body: TokenObtainPairRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/auth/token/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | TokenObtainPair | ValidationError | None:
    if response.status_code == 200:
        response_200 = TokenObtainPair.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ValidationError.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = cast(Any, None)
        return response_401

    if response.status_code == 429:
        response_429 = cast(Any, None)
        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | TokenObtainPair | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenObtainPairRequest,

) -> Response[Any | TokenObtainPair | ValidationError]:
    """  Takes a user name and password and returns an access and a refresh token. Repeated failures lock
    the user name and the address out for a while (429 `locked_out`, even with the right password).

    Args:
        body (TokenObtainPairRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | TokenObtainPair | ValidationError]
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
    client: AuthenticatedClient | Client,
    body: TokenObtainPairRequest,

) -> Any | TokenObtainPair | ValidationError | None:
    """  Takes a user name and password and returns an access and a refresh token. Repeated failures lock
    the user name and the address out for a while (429 `locked_out`, even with the right password).

    Args:
        body (TokenObtainPairRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | TokenObtainPair | ValidationError
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenObtainPairRequest,

) -> Response[Any | TokenObtainPair | ValidationError]:
    """  Takes a user name and password and returns an access and a refresh token. Repeated failures lock
    the user name and the address out for a while (429 `locked_out`, even with the right password).

    Args:
        body (TokenObtainPairRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | TokenObtainPair | ValidationError]
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
    client: AuthenticatedClient | Client,
    body: TokenObtainPairRequest,

) -> Any | TokenObtainPair | ValidationError | None:
    """  Takes a user name and password and returns an access and a refresh token. Repeated failures lock
    the user name and the address out for a while (429 `locked_out`, even with the right password).

    Args:
        body (TokenObtainPairRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | TokenObtainPair | ValidationError
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
