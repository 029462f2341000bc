from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.reports_render_retrieve_format import ReportsRenderRetrieveFormat
from ...models.reports_render_retrieve_response_400 import ReportsRenderRetrieveResponse400
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: int,
    *,
    format_: ReportsRenderRetrieveFormat | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/reports/{id}/render/".format(id=quote(str(id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | ReportsRenderRetrieveResponse400 | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = ReportsRenderRetrieveResponse400.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | ReportsRenderRetrieveResponse400 | str]:
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
    format_: ReportsRenderRetrieveFormat | Unset = UNSET,

) -> Response[Error | ErrorOutput | ReportsRenderRetrieveResponse400 | str]:
    """ The report rendered now, as HTML or PDF

     Figures as you may see them: pipelines the report names that you cannot see are left out. HTML is
    one standalone file (inline styles and SVG charts); the PDF is made by WeasyPrint, which fetches no
    URL.

    Args:
        id (int):
        format_ (ReportsRenderRetrieveFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ReportsRenderRetrieveResponse400 | str]
     """


    kwargs = _get_kwargs(
        id=id,
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
    format_: ReportsRenderRetrieveFormat | Unset = UNSET,

) -> Error | ErrorOutput | ReportsRenderRetrieveResponse400 | str | None:
    """ The report rendered now, as HTML or PDF

     Figures as you may see them: pipelines the report names that you cannot see are left out. HTML is
    one standalone file (inline styles and SVG charts); the PDF is made by WeasyPrint, which fetches no
    URL.

    Args:
        id (int):
        format_ (ReportsRenderRetrieveFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ReportsRenderRetrieveResponse400 | str
     """


    return sync_detailed(
        id=id,
client=client,
format_=format_,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    format_: ReportsRenderRetrieveFormat | Unset = UNSET,

) -> Response[Error | ErrorOutput | ReportsRenderRetrieveResponse400 | str]:
    """ The report rendered now, as HTML or PDF

     Figures as you may see them: pipelines the report names that you cannot see are left out. HTML is
    one standalone file (inline styles and SVG charts); the PDF is made by WeasyPrint, which fetches no
    URL.

    Args:
        id (int):
        format_ (ReportsRenderRetrieveFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | ReportsRenderRetrieveResponse400 | str]
     """


    kwargs = _get_kwargs(
        id=id,
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
    format_: ReportsRenderRetrieveFormat | Unset = UNSET,

) -> Error | ErrorOutput | ReportsRenderRetrieveResponse400 | str | None:
    """ The report rendered now, as HTML or PDF

     Figures as you may see them: pipelines the report names that you cannot see are left out. HTML is
    one standalone file (inline styles and SVG charts); the PDF is made by WeasyPrint, which fetches no
    URL.

    Args:
        id (int):
        format_ (ReportsRenderRetrieveFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | ReportsRenderRetrieveResponse400 | str
     """


    return (await asyncio_detailed(
        id=id,
client=client,
format_=format_,

    )).parsed
