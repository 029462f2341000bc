from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="Tolerances")



@_attrs_define
class Tolerances:
    """ 
        Attributes:
            ignore_order (bool | Unset): Rows compared as a multiset (default true).
            abs_tolerance (float | Unset): Float difference allowed.
            rel_tolerance (float | Unset): Relative difference allowed.
            columns (list[str] | Unset): Compare only these.
            ignore_columns (list[str] | Unset):
     """

    ignore_order: bool | Unset = UNSET
    abs_tolerance: float | Unset = UNSET
    rel_tolerance: float | Unset = UNSET
    columns: list[str] | Unset = UNSET
    ignore_columns: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        ignore_order = self.ignore_order

        abs_tolerance = self.abs_tolerance

        rel_tolerance = self.rel_tolerance

        columns: list[str] | Unset = UNSET
        if not isinstance(self.columns, Unset):
            columns = self.columns



        ignore_columns: list[str] | Unset = UNSET
        if not isinstance(self.ignore_columns, Unset):
            ignore_columns = self.ignore_columns




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if ignore_order is not UNSET:
            field_dict["ignore_order"] = ignore_order
        if abs_tolerance is not UNSET:
            field_dict["abs_tolerance"] = abs_tolerance
        if rel_tolerance is not UNSET:
            field_dict["rel_tolerance"] = rel_tolerance
        if columns is not UNSET:
            field_dict["columns"] = columns
        if ignore_columns is not UNSET:
            field_dict["ignore_columns"] = ignore_columns

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ignore_order = d.pop("ignore_order", UNSET)

        abs_tolerance = d.pop("abs_tolerance", UNSET)

        rel_tolerance = d.pop("rel_tolerance", UNSET)

        columns = cast(list[str], d.pop("columns", UNSET))


        ignore_columns = cast(list[str], d.pop("ignore_columns", UNSET))


        tolerances = cls(
            ignore_order=ignore_order,
            abs_tolerance=abs_tolerance,
            rel_tolerance=rel_tolerance,
            columns=columns,
            ignore_columns=ignore_columns,
        )


        tolerances.additional_properties = d
        return tolerances

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
