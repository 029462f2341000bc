from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.template_apply_input_request_parameters import TemplateApplyInputRequestParameters





T = TypeVar("T", bound="TemplateApplyInputRequest")



@_attrs_define
class TemplateApplyInputRequest:
    """ 
        Attributes:
            name (str): Name of the new pipeline.
            slug (str | Unset): Made from the name when omitted.
            description (str | Unset): Default: the template's.
            parameters (TemplateApplyInputRequestParameters | Unset): Values checked by the template schema.
     """

    name: str
    slug: str | Unset = UNSET
    description: str | Unset = UNSET
    parameters: TemplateApplyInputRequestParameters | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.template_apply_input_request_parameters import TemplateApplyInputRequestParameters # noqa: PLC0415
        name = self.name

        slug = self.slug

        description = self.description

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
        })
        if slug is not UNSET:
            field_dict["slug"] = slug
        if description is not UNSET:
            field_dict["description"] = description
        if parameters is not UNSET:
            field_dict["parameters"] = parameters

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.template_apply_input_request_parameters import TemplateApplyInputRequestParameters # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        slug = d.pop("slug", UNSET)

        description = d.pop("description", UNSET)

        _parameters = d.pop("parameters", UNSET)
        parameters: TemplateApplyInputRequestParameters | Unset
        if isinstance(_parameters,  Unset):
            parameters = UNSET
        else:
            parameters = TemplateApplyInputRequestParameters.from_dict(_parameters)




        template_apply_input_request = cls(
            name=name,
            slug=slug,
            description=description,
            parameters=parameters,
        )


        template_apply_input_request.additional_properties = d
        return template_apply_input_request

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
