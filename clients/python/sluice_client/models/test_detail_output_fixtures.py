from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.table import Table





T = TypeVar("T", bound="TestDetailOutputFixtures")



@_attrs_define
class TestDetailOutputFixtures:
    

    additional_properties: dict[str, Table] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.table import Table # noqa: PLC0415
        
        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()


        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.table import Table # noqa: PLC0415
        d = dict(src_dict)
        test_detail_output_fixtures = cls(
        )


        from ..models.table_rows_item import TableRowsItem # noqa: PLC0415
        from ..models.table_schema import TableSchema # noqa: PLC0415
        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = Table.from_dict(prop_dict)



            additional_properties[prop_name] = additional_property

        test_detail_output_fixtures.additional_properties = additional_properties
        return test_detail_output_fixtures

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Table:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Table) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
