from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="GroupRequest")



@_attrs_define
class GroupRequest:
    """ 
        Attributes:
            key (str): Stable id of the group within the pipeline.
            nodes (list[str]): Keys of its nodes (one group per node).
            label (str | Unset): Name shown on the canvas.
            collapsed (bool | Unset): Drawn as one summary box. Default: False.
     """

    key: str
    nodes: list[str]
    label: str | Unset = UNSET
    collapsed: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        key = self.key

        nodes = self.nodes



        label = self.label

        collapsed = self.collapsed


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "key": key,
            "nodes": nodes,
        })
        if label is not UNSET:
            field_dict["label"] = label
        if collapsed is not UNSET:
            field_dict["collapsed"] = collapsed

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        nodes = cast(list[str], d.pop("nodes"))


        label = d.pop("label", UNSET)

        collapsed = d.pop("collapsed", UNSET)

        group_request = cls(
            key=key,
            nodes=nodes,
            label=label,
            collapsed=collapsed,
        )


        group_request.additional_properties = d
        return group_request

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
