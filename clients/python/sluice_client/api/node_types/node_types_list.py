from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.node_type_output import NodeTypeOutput
from ...models.node_types_list_family import NodeTypesListFamily
from ...models.node_types_list_response_400 import NodeTypesListResponse400
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    family: NodeTypesListFamily | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_family: str | Unset = UNSET
    if not isinstance(family, Unset):
        json_family = family.value

    params["family"] = json_family


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/node-types/",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | NodeTypesListResponse400 | list[NodeTypeOutput] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = NodeTypeOutput.from_dict(response_200_item_data)



            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = NodeTypesListResponse400.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | NodeTypesListResponse400 | list[NodeTypeOutput]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    family: NodeTypesListFamily | Unset = UNSET,

) -> Response[Error | NodeTypesListResponse400 | list[NodeTypeOutput]]:
    """ Every registered node type

     Ports, JSON Schema of the config, docs and an example; the builder's palette.

    Args:
        family (NodeTypesListFamily | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | NodeTypesListResponse400 | list[NodeTypeOutput]]
     """


    kwargs = _get_kwargs(
        family=family,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    family: NodeTypesListFamily | Unset = UNSET,

) -> Error | NodeTypesListResponse400 | list[NodeTypeOutput] | None:
    """ Every registered node type

     Ports, JSON Schema of the config, docs and an example; the builder's palette.

    Args:
        family (NodeTypesListFamily | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | NodeTypesListResponse400 | list[NodeTypeOutput]
     """


    return sync_detailed(
        client=client,
family=family,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    family: NodeTypesListFamily | Unset = UNSET,

) -> Response[Error | NodeTypesListResponse400 | list[NodeTypeOutput]]:
    """ Every registered node type

     Ports, JSON Schema of the config, docs and an example; the builder's palette.

    Args:
        family (NodeTypesListFamily | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | NodeTypesListResponse400 | list[NodeTypeOutput]]
     """


    kwargs = _get_kwargs(
        family=family,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    family: NodeTypesListFamily | Unset = UNSET,

) -> Error | NodeTypesListResponse400 | list[NodeTypeOutput] | None:
    """ Every registered node type

     Ports, JSON Schema of the config, docs and an example; the builder's palette.

    Args:
        family (NodeTypesListFamily | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | NodeTypesListResponse400 | list[NodeTypeOutput]
     """


    return (await asyncio_detailed(
        client=client,
family=family,

    )).parsed
