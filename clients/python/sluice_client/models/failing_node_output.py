from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="FailingNodeOutput")



@_attrs_define
class FailingNodeOutput:
    """ 
        Attributes:
            pipeline_id (int):
            slug (str):
            node_key (str):
            failed (int):
     """

    pipeline_id: int
    slug: str
    node_key: str
    failed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        pipeline_id = self.pipeline_id

        slug = self.slug

        node_key = self.node_key

        failed = self.failed


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pipeline_id": pipeline_id,
            "slug": slug,
            "node_key": node_key,
            "failed": failed,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pipeline_id = d.pop("pipeline_id")

        slug = d.pop("slug")

        node_key = d.pop("node_key")

        failed = d.pop("failed")

        failing_node_output = cls(
            pipeline_id=pipeline_id,
            slug=slug,
            node_key=node_key,
            failed=failed,
        )


        failing_node_output.additional_properties = d
        return failing_node_output

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
