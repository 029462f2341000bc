from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.paginated_quality_result_output_list import PaginatedQualityResultOutputList
from ...models.validation_error import ValidationError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    execution: int | Unset = UNSET,
    failed: bool | Unset = UNSET,
    node: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: int | Unset = UNSET,
    rule: str | Unset = UNSET,
    since: str | Unset = UNSET,
    until: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["execution"] = execution

    params["failed"] = failed

    params["node"] = node

    params["page"] = page

    params["page_size"] = page_size

    params["pipeline"] = pipeline

    params["rule"] = rule

    params["since"] = since

    params["until"] = until


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/quality/results/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedQualityResultOutputList | ValidationError | None:
    if response.status_code == 200:
        response_200 = PaginatedQualityResultOutputList.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ValidationError.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedQualityResultOutputList | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    execution: int | Unset = UNSET,
    failed: bool | Unset = UNSET,
    node: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: int | Unset = UNSET,
    rule: str | Unset = UNSET,
    since: str | Unset = UNSET,
    until: str | Unset = UNSET,

) -> Response[Error | PaginatedQualityResultOutputList | ValidationError]:
    """ Quality results: one per rule per run, newest first

    Args:
        execution (int | Unset):
        failed (bool | Unset):
        node (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (int | Unset):
        rule (str | Unset):
        since (str | Unset):
        until (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedQualityResultOutputList | ValidationError]
     """


    kwargs = _get_kwargs(
        execution=execution,
failed=failed,
node=node,
page=page,
page_size=page_size,
pipeline=pipeline,
rule=rule,
since=since,
until=until,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    execution: int | Unset = UNSET,
    failed: bool | Unset = UNSET,
    node: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: int | Unset = UNSET,
    rule: str | Unset = UNSET,
    since: str | Unset = UNSET,
    until: str | Unset = UNSET,

) -> Error | PaginatedQualityResultOutputList | ValidationError | None:
    """ Quality results: one per rule per run, newest first

    Args:
        execution (int | Unset):
        failed (bool | Unset):
        node (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (int | Unset):
        rule (str | Unset):
        since (str | Unset):
        until (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedQualityResultOutputList | ValidationError
     """


    return sync_detailed(
        client=client,
execution=execution,
failed=failed,
node=node,
page=page,
page_size=page_size,
pipeline=pipeline,
rule=rule,
since=since,
until=until,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    execution: int | Unset = UNSET,
    failed: bool | Unset = UNSET,
    node: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: int | Unset = UNSET,
    rule: str | Unset = UNSET,
    since: str | Unset = UNSET,
    until: str | Unset = UNSET,

) -> Response[Error | PaginatedQualityResultOutputList | ValidationError]:
    """ Quality results: one per rule per run, newest first

    Args:
        execution (int | Unset):
        failed (bool | Unset):
        node (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (int | Unset):
        rule (str | Unset):
        since (str | Unset):
        until (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedQualityResultOutputList | ValidationError]
     """


    kwargs = _get_kwargs(
        execution=execution,
failed=failed,
node=node,
page=page,
page_size=page_size,
pipeline=pipeline,
rule=rule,
since=since,
until=until,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    execution: int | Unset = UNSET,
    failed: bool | Unset = UNSET,
    node: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: int | Unset = UNSET,
    rule: str | Unset = UNSET,
    since: str | Unset = UNSET,
    until: str | Unset = UNSET,

) -> Error | PaginatedQualityResultOutputList | ValidationError | None:
    """ Quality results: one per rule per run, newest first

    Args:
        execution (int | Unset):
        failed (bool | Unset):
        node (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (int | Unset):
        rule (str | Unset):
        since (str | Unset):
        until (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedQualityResultOutputList | ValidationError
     """


    return (await asyncio_detailed(
        client=client,
execution=execution,
failed=failed,
node=node,
page=page,
page_size=page_size,
pipeline=pipeline,
rule=rule,
since=since,
until=until,

    )).parsed
