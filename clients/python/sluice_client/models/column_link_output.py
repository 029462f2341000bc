from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.column_ref_output import ColumnRefOutput





T = TypeVar("T", bound="ColumnLinkOutput")



@_attrs_define
class ColumnLinkOutput:
    """ 
        Attributes:
            to (ColumnRefOutput):
            from_ (ColumnRefOutput):
     """

    to: ColumnRefOutput
    from_: ColumnRefOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.column_ref_output import ColumnRefOutput # noqa: PLC0415
        to = self.to.to_dict()

        from_ = self.from_.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "to": to,
            "from": from_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.column_ref_output import ColumnRefOutput # noqa: PLC0415
        d = dict(src_dict)
        to = ColumnRefOutput.from_dict(d.pop("to"))




        from_ = ColumnRefOutput.from_dict(d.pop("from"))




        column_link_output = cls(
            to=to,
            from_=from_,
        )


        column_link_output.additional_properties = d
        return column_link_output

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
