from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.ci_github_actions_create_format import CiGithubActionsCreateFormat
from ...models.ci_github_actions_create_response_400 import CiGithubActionsCreateResponse400
from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.workflow_input_request import WorkflowInputRequest
from ...models.workflow_output import WorkflowOutput
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: WorkflowInputRequest | Unset = UNSET,
    format_: CiGithubActionsCreateFormat | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/ci/github-actions/",
        "params": params,
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CiGithubActionsCreateResponse400 | Error | ErrorOutput | WorkflowOutput | None:
    if response.status_code == 200:
        response_200 = WorkflowOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = CiGithubActionsCreateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CiGithubActionsCreateResponse400 | Error | ErrorOutput | WorkflowOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WorkflowInputRequest | Unset = UNSET,
    format_: CiGithubActionsCreateFormat | Unset = UNSET,

) -> Response[CiGithubActionsCreateResponse400 | Error | ErrorOutput | WorkflowOutput]:
    """ A GitHub Actions workflow for a folder of pipeline documents

     The pipelines it runs after a deploy must be visible to you (one that is not is a 400 on pipelines,
    as if it did not exist). Writes nothing.

    Args:
        format_ (CiGithubActionsCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CiGithubActionsCreateResponse400 | Error | ErrorOutput | WorkflowOutput]
     """


    kwargs = _get_kwargs(
        body=body,
format_=format_,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: WorkflowInputRequest | Unset = UNSET,
    format_: CiGithubActionsCreateFormat | Unset = UNSET,

) -> CiGithubActionsCreateResponse400 | Error | ErrorOutput | WorkflowOutput | None:
    """ A GitHub Actions workflow for a folder of pipeline documents

     The pipelines it runs after a deploy must be visible to you (one that is not is a 400 on pipelines,
    as if it did not exist). Writes nothing.

    Args:
        format_ (CiGithubActionsCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CiGithubActionsCreateResponse400 | Error | ErrorOutput | WorkflowOutput
     """


    return sync_detailed(
        client=client,
body=body,
format_=format_,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WorkflowInputRequest | Unset = UNSET,
    format_: CiGithubActionsCreateFormat | Unset = UNSET,

) -> Response[CiGithubActionsCreateResponse400 | Error | ErrorOutput | WorkflowOutput]:
    """ A GitHub Actions workflow for a folder of pipeline documents

     The pipelines it runs after a deploy must be visible to you (one that is not is a 400 on pipelines,
    as if it did not exist). Writes nothing.

    Args:
        format_ (CiGithubActionsCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CiGithubActionsCreateResponse400 | Error | ErrorOutput | WorkflowOutput]
     """


    kwargs = _get_kwargs(
        body=body,
format_=format_,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WorkflowInputRequest | Unset = UNSET,
    format_: CiGithubActionsCreateFormat | Unset = UNSET,

) -> CiGithubActionsCreateResponse400 | Error | ErrorOutput | WorkflowOutput | None:
    """ A GitHub Actions workflow for a folder of pipeline documents

     The pipelines it runs after a deploy must be visible to you (one that is not is a 400 on pipelines,
    as if it did not exist). Writes nothing.

    Args:
        format_ (CiGithubActionsCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CiGithubActionsCreateResponse400 | Error | ErrorOutput | WorkflowOutput
     """


    return (await asyncio_detailed(
        client=client,
body=body,
format_=format_,

    )).parsed
