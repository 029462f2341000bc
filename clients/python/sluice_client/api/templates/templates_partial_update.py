from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.error_output import ErrorOutput
from ...models.patched_template_input_request import PatchedTemplateInputRequest
from ...models.template_output import TemplateOutput
from ...models.templates_partial_update_response_400 import TemplatesPartialUpdateResponse400
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: int,
    *,
    body: PatchedTemplateInputRequest | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/templates/{id}/".format(id=quote(str(id), safe=""),),
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ErrorOutput | TemplateOutput | TemplatesPartialUpdateResponse400 | None:
    if response.status_code == 200:
        response_200 = TemplateOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = TemplatesPartialUpdateResponse400.from_dict(response.json())



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

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ErrorOutput | TemplateOutput | TemplatesPartialUpdateResponse400]:
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
    body: PatchedTemplateInputRequest | Unset = UNSET,

) -> Response[Error | ErrorOutput | TemplateOutput | TemplatesPartialUpdateResponse400]:
    """ Change some fields of a template

     Only the template's owner or an admin, with the editor role at least; built-in templates are read-
    only for everyone here (403 with a message saying why).

    Args:
        id (int):
        body (PatchedTemplateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | TemplateOutput | TemplatesPartialUpdateResponse400]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    body: PatchedTemplateInputRequest | Unset = UNSET,

) -> Error | ErrorOutput | TemplateOutput | TemplatesPartialUpdateResponse400 | None:
    """ Change some fields of a template

     Only the template's owner or an admin, with the editor role at least; built-in templates are read-
    only for everyone here (403 with a message saying why).

    Args:
        id (int):
        body (PatchedTemplateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | TemplateOutput | TemplatesPartialUpdateResponse400
     """


    return sync_detailed(
        id=id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: PatchedTemplateInputRequest | Unset = UNSET,

) -> Response[Error | ErrorOutput | TemplateOutput | TemplatesPartialUpdateResponse400]:
    """ Change some fields of a template

     Only the template's owner or an admin, with the editor role at least; built-in templates are read-
    only for everyone here (403 with a message saying why).

    Args:
        id (int):
        body (PatchedTemplateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorOutput | TemplateOutput | TemplatesPartialUpdateResponse400]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    body: PatchedTemplateInputRequest | Unset = UNSET,

) -> Error | ErrorOutput | TemplateOutput | TemplatesPartialUpdateResponse400 | None:
    """ Change some fields of a template

     Only the template's owner or an admin, with the editor role at least; built-in templates are read-
    only for everyone here (403 with a message saying why).

    Args:
        id (int):
        body (PatchedTemplateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorOutput | TemplateOutput | TemplatesPartialUpdateResponse400
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,

    )).parsed
