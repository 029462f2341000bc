from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.insights_list_kind import InsightsListKind
from ...models.insights_list_state import InsightsListState
from ...models.insights_list_window import InsightsListWindow
from ...models.paginated_insight_output_list import PaginatedInsightOutputList
from ...models.validation_error import ValidationError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    kind: InsightsListKind | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: int | Unset = UNSET,
    state: InsightsListState | Unset = UNSET,
    window: InsightsListWindow | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    params["page"] = page

    params["page_size"] = page_size

    params["pipeline"] = pipeline

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state

    json_window: str | Unset = UNSET
    if not isinstance(window, Unset):
        json_window = window.value

    params["window"] = json_window


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/insights/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PaginatedInsightOutputList | ValidationError | None:
    if response.status_code == 200:
        response_200 = PaginatedInsightOutputList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | PaginatedInsightOutputList | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    kind: InsightsListKind | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: int | Unset = UNSET,
    state: InsightsListState | Unset = UNSET,
    window: InsightsListWindow | Unset = UNSET,

) -> Response[Error | PaginatedInsightOutputList | ValidationError]:
    """ Insights of the pipelines you may see, newest first

     Generated from run history and each pipeline's current graph (docs/insights.md): regressions,
    slowest and most failing nodes, growth forecasts and recommendations, each with its evidence.
    Paginated with page and page_size.

    Args:
        kind (InsightsListKind | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (int | Unset):
        state (InsightsListState | Unset):
        window (InsightsListWindow | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedInsightOutputList | ValidationError]
     """


    kwargs = _get_kwargs(
        kind=kind,
page=page,
page_size=page_size,
pipeline=pipeline,
state=state,
window=window,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    kind: InsightsListKind | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: int | Unset = UNSET,
    state: InsightsListState | Unset = UNSET,
    window: InsightsListWindow | Unset = UNSET,

) -> Error | PaginatedInsightOutputList | ValidationError | None:
    """ Insights of the pipelines you may see, newest first

     Generated from run history and each pipeline's current graph (docs/insights.md): regressions,
    slowest and most failing nodes, growth forecasts and recommendations, each with its evidence.
    Paginated with page and page_size.

    Args:
        kind (InsightsListKind | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (int | Unset):
        state (InsightsListState | Unset):
        window (InsightsListWindow | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedInsightOutputList | ValidationError
     """


    return sync_detailed(
        client=client,
kind=kind,
page=page,
page_size=page_size,
pipeline=pipeline,
state=state,
window=window,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    kind: InsightsListKind | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: int | Unset = UNSET,
    state: InsightsListState | Unset = UNSET,
    window: InsightsListWindow | Unset = UNSET,

) -> Response[Error | PaginatedInsightOutputList | ValidationError]:
    """ Insights of the pipelines you may see, newest first

     Generated from run history and each pipeline's current graph (docs/insights.md): regressions,
    slowest and most failing nodes, growth forecasts and recommendations, each with its evidence.
    Paginated with page and page_size.

    Args:
        kind (InsightsListKind | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (int | Unset):
        state (InsightsListState | Unset):
        window (InsightsListWindow | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedInsightOutputList | ValidationError]
     """


    kwargs = _get_kwargs(
        kind=kind,
page=page,
page_size=page_size,
pipeline=pipeline,
state=state,
window=window,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    kind: InsightsListKind | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    pipeline: int | Unset = UNSET,
    state: InsightsListState | Unset = UNSET,
    window: InsightsListWindow | Unset = UNSET,

) -> Error | PaginatedInsightOutputList | ValidationError | None:
    """ Insights of the pipelines you may see, newest first

     Generated from run history and each pipeline's current graph (docs/insights.md): regressions,
    slowest and most failing nodes, growth forecasts and recommendations, each with its evidence.
    Paginated with page and page_size.

    Args:
        kind (InsightsListKind | Unset):
        page (int | Unset):
        page_size (int | Unset):
        pipeline (int | Unset):
        state (InsightsListState | Unset):
        window (InsightsListWindow | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedInsightOutputList | ValidationError
     """


    return (await asyncio_detailed(
        client=client,
kind=kind,
page=page,
page_size=page_size,
pipeline=pipeline,
state=state,
window=window,

    )).parsed
