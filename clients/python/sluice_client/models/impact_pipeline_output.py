from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ImpactPipelineOutput")



@_attrs_define
class ImpactPipelineOutput:
    """ 
        Attributes:
            pipeline (int):
            name (str):
            url (str):
            nodes (list[str]): Its nodes that read an affected dataset.
            via (list[str]): The affected datasets it reads.
     """

    pipeline: int
    name: str
    url: str
    nodes: list[str]
    via: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        pipeline = self.pipeline

        name = self.name

        url = self.url

        nodes = self.nodes



        via = self.via




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pipeline": pipeline,
            "name": name,
            "url": url,
            "nodes": nodes,
            "via": via,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pipeline = d.pop("pipeline")

        name = d.pop("name")

        url = d.pop("url")

        nodes = cast(list[str], d.pop("nodes"))


        via = cast(list[str], d.pop("via"))


        impact_pipeline_output = cls(
            pipeline=pipeline,
            name=name,
            url=url,
            nodes=nodes,
            via=via,
        )


        impact_pipeline_output.additional_properties = d
        return impact_pipeline_output

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
