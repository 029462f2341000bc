from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.graph_request import GraphRequest
  from ..models.patched_template_input_request_parameters import PatchedTemplateInputRequestParameters





T = TypeVar("T", bound="PatchedTemplateInputRequest")



@_attrs_define
class PatchedTemplateInputRequest:
    """ 
        Attributes:
            name (str | Unset):
            slug (str | Unset): Unique; made from the name when omitted.
            category (str | Unset):
            description (str | Unset):
            graph (GraphRequest | Unset):
            parameters (PatchedTemplateInputRequestParameters | Unset): JSON Schema (an object) of the parameters.
     """

    name: str | Unset = UNSET
    slug: str | Unset = UNSET
    category: str | Unset = UNSET
    description: str | Unset = UNSET
    graph: GraphRequest | Unset = UNSET
    parameters: PatchedTemplateInputRequestParameters | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.graph_request import GraphRequest # noqa: PLC0415
        from ..models.patched_template_input_request_parameters import PatchedTemplateInputRequestParameters # noqa: PLC0415
        name = self.name

        slug = self.slug

        category = self.category

        description = self.description

        graph: dict[str, Any] | Unset = UNSET
        if not isinstance(self.graph, Unset):
            graph = self.graph.to_dict()

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if slug is not UNSET:
            field_dict["slug"] = slug
        if category is not UNSET:
            field_dict["category"] = category
        if description is not UNSET:
            field_dict["description"] = description
        if graph is not UNSET:
            field_dict["graph"] = graph
        if parameters is not UNSET:
            field_dict["parameters"] = parameters

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.graph_request import GraphRequest # noqa: PLC0415
        from ..models.patched_template_input_request_parameters import PatchedTemplateInputRequestParameters # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        slug = d.pop("slug", UNSET)

        category = d.pop("category", UNSET)

        description = d.pop("description", UNSET)

        _graph = d.pop("graph", UNSET)
        graph: GraphRequest | Unset
        if isinstance(_graph,  Unset):
            graph = UNSET
        else:
            graph = GraphRequest.from_dict(_graph)




        _parameters = d.pop("parameters", UNSET)
        parameters: PatchedTemplateInputRequestParameters | Unset
        if isinstance(_parameters,  Unset):
            parameters = UNSET
        else:
            parameters = PatchedTemplateInputRequestParameters.from_dict(_parameters)




        patched_template_input_request = cls(
            name=name,
            slug=slug,
            category=category,
            description=description,
            graph=graph,
            parameters=parameters,
        )


        patched_template_input_request.additional_properties = d
        return patched_template_input_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
