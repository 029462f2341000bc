from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.offline_run_input_request import OfflineRunInputRequest
from ...models.test_run_output import TestRunOutput
from ...models.tests_run_create_format import TestsRunCreateFormat
from ...models.tests_run_create_response_400 import TestsRunCreateResponse400
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: OfflineRunInputRequest,
    format_: TestsRunCreateFormat | Unset = UNSET,
    junit: bool | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["junit"] = junit


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/tests/run/",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | TestRunOutput | TestsRunCreateResponse400 | None:
    if response.status_code == 200:
        response_200 = TestRunOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = TestsRunCreateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | TestRunOutput | TestsRunCreateResponse400]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: OfflineRunInputRequest,
    format_: TestsRunCreateFormat | Unset = UNSET,
    junit: bool | Unset = UNSET,

) -> Response[Error | ErrorOutput | TestRunOutput | TestsRunCreateResponse400]:
    """ Run tests given in the body over a graph given in the body

     Needs the editor role. For documents not on the server yet (sluice pipelines test): nothing is
    stored or recorded. JUnit XML with ?junit=1 or Accept: application/xml.

    Args:
        format_ (TestsRunCreateFormat | Unset):
        junit (bool | Unset):
        body (OfflineRunInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | TestRunOutput | TestsRunCreateResponse400]
     """


    kwargs = _get_kwargs(
        body=body,
format_=format_,
junit=junit,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: OfflineRunInputRequest,
    format_: TestsRunCreateFormat | Unset = UNSET,
    junit: bool | Unset = UNSET,

) -> Error | ErrorOutput | TestRunOutput | TestsRunCreateResponse400 | None:
    """ Run tests given in the body over a graph given in the body

     Needs the editor role. For documents not on the server yet (sluice pipelines test): nothing is
    stored or recorded. JUnit XML with ?junit=1 or Accept: application/xml.

    Args:
        format_ (TestsRunCreateFormat | Unset):
        junit (bool | Unset):
        body (OfflineRunInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | TestRunOutput | TestsRunCreateResponse400
     """


    return sync_detailed(
        client=client,
body=body,
format_=format_,
junit=junit,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: OfflineRunInputRequest,
    format_: TestsRunCreateFormat | Unset = UNSET,
    junit: bool | Unset = UNSET,

) -> Response[Error | ErrorOutput | TestRunOutput | TestsRunCreateResponse400]:
    """ Run tests given in the body over a graph given in the body

     Needs the editor role. For documents not on the server yet (sluice pipelines test): nothing is
    stored or recorded. JUnit XML with ?junit=1 or Accept: application/xml.

    Args:
        format_ (TestsRunCreateFormat | Unset):
        junit (bool | Unset):
        body (OfflineRunInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | TestRunOutput | TestsRunCreateResponse400]
     """


    kwargs = _get_kwargs(
        body=body,
format_=format_,
junit=junit,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: OfflineRunInputRequest,
    format_: TestsRunCreateFormat | Unset = UNSET,
    junit: bool | Unset = UNSET,

) -> Error | ErrorOutput | TestRunOutput | TestsRunCreateResponse400 | None:
    """ Run tests given in the body over a graph given in the body

     Needs the editor role. For documents not on the server yet (sluice pipelines test): nothing is
    stored or recorded. JUnit XML with ?junit=1 or Accept: application/xml.

    Args:
        format_ (TestsRunCreateFormat | Unset):
        junit (bool | Unset):
        body (OfflineRunInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | TestRunOutput | TestsRunCreateResponse400
     """


    return (await asyncio_detailed(
        client=client,
body=body,
format_=format_,
junit=junit,

    )).parsed
