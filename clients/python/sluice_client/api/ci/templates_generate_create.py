from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.templates_generate_create_format import TemplatesGenerateCreateFormat
from ...models.templates_generate_create_response_400 import TemplatesGenerateCreateResponse400
from ...models.workflow_input_request import WorkflowInputRequest
from ...models.workflow_output import WorkflowOutput
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: WorkflowInputRequest | Unset = UNSET,
    format_: TemplatesGenerateCreateFormat | Unset = UNSET,

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
        "url": "/api/templates/generate/",
        "params": params,
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | TemplatesGenerateCreateResponse400 | WorkflowOutput | None:
    if response.status_code == 200:
        response_200 = WorkflowOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = TemplatesGenerateCreateResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | TemplatesGenerateCreateResponse400 | WorkflowOutput]:
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
    format_: TemplatesGenerateCreateFormat | Unset = UNSET,

) -> Response[Error | ErrorOutput | TemplatesGenerateCreateResponse400 | WorkflowOutput]:
    """ Generate a GitHub Actions workflow (the seed's name)

     The same as POST /api/ci/github-actions/, under the name of the seed's plan (POST
    /api/templates/generate). See docs/api.md, 'The seed's endpoints'.

    Args:
        format_ (TemplatesGenerateCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | TemplatesGenerateCreateResponse400 | WorkflowOutput]
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
    format_: TemplatesGenerateCreateFormat | Unset = UNSET,

) -> Error | ErrorOutput | TemplatesGenerateCreateResponse400 | WorkflowOutput | None:
    """ Generate a GitHub Actions workflow (the seed's name)

     The same as POST /api/ci/github-actions/, under the name of the seed's plan (POST
    /api/templates/generate). See docs/api.md, 'The seed's endpoints'.

    Args:
        format_ (TemplatesGenerateCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | TemplatesGenerateCreateResponse400 | WorkflowOutput
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
    format_: TemplatesGenerateCreateFormat | Unset = UNSET,

) -> Response[Error | ErrorOutput | TemplatesGenerateCreateResponse400 | WorkflowOutput]:
    """ Generate a GitHub Actions workflow (the seed's name)

     The same as POST /api/ci/github-actions/, under the name of the seed's plan (POST
    /api/templates/generate). See docs/api.md, 'The seed's endpoints'.

    Args:
        format_ (TemplatesGenerateCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | TemplatesGenerateCreateResponse400 | WorkflowOutput]
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
    format_: TemplatesGenerateCreateFormat | Unset = UNSET,

) -> Error | ErrorOutput | TemplatesGenerateCreateResponse400 | WorkflowOutput | None:
    """ Generate a GitHub Actions workflow (the seed's name)

     The same as POST /api/ci/github-actions/, under the name of the seed's plan (POST
    /api/templates/generate). See docs/api.md, 'The seed's endpoints'.

    Args:
        format_ (TemplatesGenerateCreateFormat | Unset):
        body (WorkflowInputRequest | Unset): The options (documentation: WorkflowOptions in
            pipelines/cicd/options.py checks them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | TemplatesGenerateCreateResponse400 | WorkflowOutput
     """


    return (await asyncio_detailed(
        client=client,
body=body,
format_=format_,

    )).parsed
