from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="ColumnRefOutput")



@_attrs_define
class ColumnRefOutput:
    """ 
        Attributes:
            node (str):
            port (str):
            column (str):
            distance (int | Unset): Links away from the column asked about.
     """

    node: str
    port: str
    column: str
    distance: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        node = self.node

        port = self.port

        column = self.column

        distance = self.distance


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "node": node,
            "port": port,
            "column": column,
        })
        if distance is not UNSET:
            field_dict["distance"] = distance

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node = d.pop("node")

        port = d.pop("port")

        column = d.pop("column")

        distance = d.pop("distance", UNSET)

        column_ref_output = cls(
            node=node,
            port=port,
            column=column,
            distance=distance,
        )


        column_ref_output.additional_properties = d
        return column_ref_output

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
