from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.pipelines_ci_github_actions_create_format import PipelinesCiGithubActionsCreateFormat
from ...models.pipelines_ci_github_actions_create_response_400 import PipelinesCiGithubActionsCreateResponse400
from ...models.workflow_input_request import WorkflowInputRequest
from ...models.workflow_output import WorkflowOutput
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: int,
    *,
    body: WorkflowInputRequest | Unset = UNSET,
    format_: PipelinesCiGithubActionsCreateFormat | Unset = UNSET,

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
        "url": "/api/pipelines/{id}/ci/github-actions/".format(id=quote(str(id), safe=""),),
        "params": params,
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | PipelinesCiGithubActionsCreateResponse400 | WorkflowOutput | None:
    if response.status_code == 200:
        response_200 = WorkflowOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = PipelinesCiGithubActionsCreateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | PipelinesCiGithubActionsCreateResponse400 | WorkflowOutput]:
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
    body: WorkflowInputRequest | Unset = UNSET,
    format_: PipelinesCiGithubActionsCreateFormat | Unset = UNSET,

) -> Response[Error | ErrorOutput | PipelinesCiGithubActionsCreateResponse400 | WorkflowOutput]:
    """ A GitHub Actions workflow for this pipeline

     Validates and tests the documents of the folder on every push and pull request; with deploy, applies
    them from the main branch and runs this pipeline (unless pipelines names others). Writes nothing.
    Secrets are referenced (secrets.SLUICE_TOKEN), never inlined.

    Args:
        id (int):
        format_ (PipelinesCiGithubActionsCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | PipelinesCiGithubActionsCreateResponse400 | WorkflowOutput]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
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
    body: WorkflowInputRequest | Unset = UNSET,
    format_: PipelinesCiGithubActionsCreateFormat | Unset = UNSET,

) -> Error | ErrorOutput | PipelinesCiGithubActionsCreateResponse400 | WorkflowOutput | None:
    """ A GitHub Actions workflow for this pipeline

     Validates and tests the documents of the folder on every push and pull request; with deploy, applies
    them from the main branch and runs this pipeline (unless pipelines names others). Writes nothing.
    Secrets are referenced (secrets.SLUICE_TOKEN), never inlined.

    Args:
        id (int):
        format_ (PipelinesCiGithubActionsCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | PipelinesCiGithubActionsCreateResponse400 | WorkflowOutput
     """


    return sync_detailed(
        id=id,
client=client,
body=body,
format_=format_,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: WorkflowInputRequest | Unset = UNSET,
    format_: PipelinesCiGithubActionsCreateFormat | Unset = UNSET,

) -> Response[Error | ErrorOutput | PipelinesCiGithubActionsCreateResponse400 | WorkflowOutput]:
    """ A GitHub Actions workflow for this pipeline

     Validates and tests the documents of the folder on every push and pull request; with deploy, applies
    them from the main branch and runs this pipeline (unless pipelines names others). Writes nothing.
    Secrets are referenced (secrets.SLUICE_TOKEN), never inlined.

    Args:
        id (int):
        format_ (PipelinesCiGithubActionsCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | PipelinesCiGithubActionsCreateResponse400 | WorkflowOutput]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
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
    body: WorkflowInputRequest | Unset = UNSET,
    format_: PipelinesCiGithubActionsCreateFormat | Unset = UNSET,

) -> Error | ErrorOutput | PipelinesCiGithubActionsCreateResponse400 | WorkflowOutput | None:
    """ A GitHub Actions workflow for this pipeline

     Validates and tests the documents of the folder on every push and pull request; with deploy, applies
    them from the main branch and runs this pipeline (unless pipelines names others). Writes nothing.
    Secrets are referenced (secrets.SLUICE_TOKEN), never inlined.

    Args:
        id (int):
        format_ (PipelinesCiGithubActionsCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | PipelinesCiGithubActionsCreateResponse400 | WorkflowOutput
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,
format_=format_,

    )).parsed
