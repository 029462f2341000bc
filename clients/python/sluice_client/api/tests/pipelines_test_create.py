from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.pipelines_test_create_format import PipelinesTestCreateFormat
from ...models.pipelines_test_create_response_400 import PipelinesTestCreateResponse400
from ...models.test_run_input_request import TestRunInputRequest
from ...models.test_run_output import TestRunOutput
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: int,
    *,
    body: TestRunInputRequest | Unset = UNSET,
    format_: PipelinesTestCreateFormat | Unset = UNSET,
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
        "url": "/api/pipelines/{id}/test/".format(id=quote(str(id), safe=""),),
        "params": params,
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | PipelinesTestCreateResponse400 | TestRunOutput | None:
    if response.status_code == 200:
        response_200 = TestRunOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = PipelinesTestCreateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | PipelinesTestCreateResponse400 | TestRunOutput]:
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
    body: TestRunInputRequest | Unset = UNSET,
    format_: PipelinesTestCreateFormat | Unset = UNSET,
    junit: bool | Unset = UNSET,

) -> Response[Error | ErrorOutput | PipelinesTestCreateResponse400 | TestRunOutput]:
    """ Run the tests of a pipeline

     Needs the editor role. Runs the draft graph over each test's fixtures (no database, file or network
    is read; nothing is written) and records each test's last result. A failing test is still a 200:
    look at status. JUnit XML with ?junit=1 or Accept: application/xml.

    Args:
        id (int):
        format_ (PipelinesTestCreateFormat | Unset):
        junit (bool | Unset):
        body (TestRunInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | PipelinesTestCreateResponse400 | TestRunOutput]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
format_=format_,
junit=junit,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    body: TestRunInputRequest | Unset = UNSET,
    format_: PipelinesTestCreateFormat | Unset = UNSET,
    junit: bool | Unset = UNSET,

) -> Error | ErrorOutput | PipelinesTestCreateResponse400 | TestRunOutput | None:
    """ Run the tests of a pipeline

     Needs the editor role. Runs the draft graph over each test's fixtures (no database, file or network
    is read; nothing is written) and records each test's last result. A failing test is still a 200:
    look at status. JUnit XML with ?junit=1 or Accept: application/xml.

    Args:
        id (int):
        format_ (PipelinesTestCreateFormat | Unset):
        junit (bool | Unset):
        body (TestRunInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | PipelinesTestCreateResponse400 | TestRunOutput
     """


    return sync_detailed(
        id=id,
client=client,
body=body,
format_=format_,
junit=junit,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: TestRunInputRequest | Unset = UNSET,
    format_: PipelinesTestCreateFormat | Unset = UNSET,
    junit: bool | Unset = UNSET,

) -> Response[Error | ErrorOutput | PipelinesTestCreateResponse400 | TestRunOutput]:
    """ Run the tests of a pipeline

     Needs the editor role. Runs the draft graph over each test's fixtures (no database, file or network
    is read; nothing is written) and records each test's last result. A failing test is still a 200:
    look at status. JUnit XML with ?junit=1 or Accept: application/xml.

    Args:
        id (int):
        format_ (PipelinesTestCreateFormat | Unset):
        junit (bool | Unset):
        body (TestRunInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | PipelinesTestCreateResponse400 | TestRunOutput]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
format_=format_,
junit=junit,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    body: TestRunInputRequest | Unset = UNSET,
    format_: PipelinesTestCreateFormat | Unset = UNSET,
    junit: bool | Unset = UNSET,

) -> Error | ErrorOutput | PipelinesTestCreateResponse400 | TestRunOutput | None:
    """ Run the tests of a pipeline

     Needs the editor role. Runs the draft graph over each test's fixtures (no database, file or network
    is read; nothing is written) and records each test's last result. A failing test is still a 200:
    look at status. JUnit XML with ?junit=1 or Accept: application/xml.

    Args:
        id (int):
        format_ (PipelinesTestCreateFormat | Unset):
        junit (bool | Unset):
        body (TestRunInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | PipelinesTestCreateResponse400 | TestRunOutput
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,
format_=format_,
junit=junit,

    )).parsed
