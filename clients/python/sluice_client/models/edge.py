from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="Edge")



@_attrs_define
class Edge:
    """ 
        Attributes:
            source (str): Key of the upstream node.
            target (str): Key of the downstream node.
            source_port (str | Unset): Output port of the source. Default: 'out'.
            target_port (str | Unset): Input port of the target. Default: 'in'.
     """

    source: str
    target: str
    source_port: str | Unset = 'out'
    target_port: str | Unset = 'in'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        source = self.source

        target = self.target

        source_port = self.source_port

        target_port = self.target_port


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "source": source,
            "target": target,
        })
        if source_port is not UNSET:
            field_dict["source_port"] = source_port
        if target_port is not UNSET:
            field_dict["target_port"] = target_port

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source = d.pop("source")

        target = d.pop("target")

        source_port = d.pop("source_port", UNSET)

        target_port = d.pop("target_port", UNSET)

        edge = cls(
            source=source,
            target=target,
            source_port=source_port,
            target_port=target_port,
        )


        edge.additional_properties = d
        return edge

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
