from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.impact_output import ImpactOutput
from ...models.lineage_impact_retrieve_response_400 import LineageImpactRetrieveResponse400
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    column: str | Unset = UNSET,
    dataset: str,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["column"] = column

    params["dataset"] = dataset


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/lineage/impact/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | ImpactOutput | LineageImpactRetrieveResponse400 | None:
    if response.status_code == 200:
        response_200 = ImpactOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = LineageImpactRetrieveResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | ImpactOutput | LineageImpactRetrieveResponse400]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    column: str | Unset = UNSET,
    dataset: str,

) -> Response[Error | ErrorOutput | ImpactOutput | LineageImpactRetrieveResponse400]:
    """ What breaks if a dataset (or a column of it) goes

     The pipelines downstream of the dataset, following what they write; with column, the nodes and
    columns it feeds (each reading pipeline validated in the interactive pool, a bounded number). A
    dataset no pipeline you can see names is a 404.

    Args:
        column (str | Unset):
        dataset (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ImpactOutput | LineageImpactRetrieveResponse400]
     """


    kwargs = _get_kwargs(
        column=column,
dataset=dataset,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    column: str | Unset = UNSET,
    dataset: str,

) -> Error | ErrorOutput | ImpactOutput | LineageImpactRetrieveResponse400 | None:
    """ What breaks if a dataset (or a column of it) goes

     The pipelines downstream of the dataset, following what they write; with column, the nodes and
    columns it feeds (each reading pipeline validated in the interactive pool, a bounded number). A
    dataset no pipeline you can see names is a 404.

    Args:
        column (str | Unset):
        dataset (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ImpactOutput | LineageImpactRetrieveResponse400
     """


    return sync_detailed(
        client=client,
column=column,
dataset=dataset,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    column: str | Unset = UNSET,
    dataset: str,

) -> Response[Error | ErrorOutput | ImpactOutput | LineageImpactRetrieveResponse400]:
    """ What breaks if a dataset (or a column of it) goes

     The pipelines downstream of the dataset, following what they write; with column, the nodes and
    columns it feeds (each reading pipeline validated in the interactive pool, a bounded number). A
    dataset no pipeline you can see names is a 404.

    Args:
        column (str | Unset):
        dataset (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ImpactOutput | LineageImpactRetrieveResponse400]
     """


    kwargs = _get_kwargs(
        column=column,
dataset=dataset,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    column: str | Unset = UNSET,
    dataset: str,

) -> Error | ErrorOutput | ImpactOutput | LineageImpactRetrieveResponse400 | None:
    """ What breaks if a dataset (or a column of it) goes

     The pipelines downstream of the dataset, following what they write; with column, the nodes and
    columns it feeds (each reading pipeline validated in the interactive pool, a bounded number). A
    dataset no pipeline you can see names is a 404.

    Args:
        column (str | Unset):
        dataset (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ImpactOutput | LineageImpactRetrieveResponse400
     """


    return (await asyncio_detailed(
        client=client,
column=column,
dataset=dataset,

    )).parsed
