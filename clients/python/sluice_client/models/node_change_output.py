from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.node_change_output_changes import NodeChangeOutputChanges





T = TypeVar("T", bound="NodeChangeOutput")



@_attrs_define
class NodeChangeOutput:
    """ 
        Attributes:
            key (str):
            changes (NodeChangeOutputChanges): Changed type/label/position ({from, to}) and config keys.
     """

    key: str
    changes: NodeChangeOutputChanges
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.node_change_output_changes import NodeChangeOutputChanges # noqa: PLC0415
        key = self.key

        changes = self.changes.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "key": key,
            "changes": changes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.node_change_output_changes import NodeChangeOutputChanges # noqa: PLC0415
        d = dict(src_dict)
        key = d.pop("key")

        changes = NodeChangeOutputChanges.from_dict(d.pop("changes"))




        node_change_output = cls(
            key=key,
            changes=changes,
        )


        node_change_output.additional_properties = d
        return node_change_output

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
