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
  from ..models.template_input_request_parameters import TemplateInputRequestParameters





T = TypeVar("T", bound="TemplateInputRequest")



@_attrs_define
class TemplateInputRequest:
    """ 
        Attributes:
            name (str):
            graph (GraphRequest):
            slug (str | Unset): Unique; made from the name when omitted.
            category (str | Unset):
            description (str | Unset):
            parameters (TemplateInputRequestParameters | Unset): JSON Schema (an object) of the parameters.
     """

    name: str
    graph: GraphRequest
    slug: str | Unset = UNSET
    category: str | Unset = UNSET
    description: str | Unset = UNSET
    parameters: TemplateInputRequestParameters | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.graph_request import GraphRequest # noqa: PLC0415
        from ..models.template_input_request_parameters import TemplateInputRequestParameters # noqa: PLC0415
        name = self.name

        graph = self.graph.to_dict()

        slug = self.slug

        category = self.category

        description = self.description

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "graph": graph,
        })
        if slug is not UNSET:
            field_dict["slug"] = slug
        if category is not UNSET:
            field_dict["category"] = category
        if description is not UNSET:
            field_dict["description"] = description
        if parameters is not UNSET:
            field_dict["parameters"] = parameters

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.graph_request import GraphRequest # noqa: PLC0415
        from ..models.template_input_request_parameters import TemplateInputRequestParameters # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        graph = GraphRequest.from_dict(d.pop("graph"))




        slug = d.pop("slug", UNSET)

        category = d.pop("category", UNSET)

        description = d.pop("description", UNSET)

        _parameters = d.pop("parameters", UNSET)
        parameters: TemplateInputRequestParameters | Unset
        if isinstance(_parameters,  Unset):
            parameters = UNSET
        else:
            parameters = TemplateInputRequestParameters.from_dict(_parameters)




        template_input_request = cls(
            name=name,
            graph=graph,
            slug=slug,
            category=category,
            description=description,
            parameters=parameters,
        )


        template_input_request.additional_properties = d
        return template_input_request

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
