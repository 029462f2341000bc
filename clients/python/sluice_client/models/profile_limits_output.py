from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ProfileLimitsOutput")



@_attrs_define
class ProfileLimitsOutput:
    """ 
        Attributes:
            max_rows (int):
            distinct_exact_max (int):
            top (int):
            bins (int):
     """

    max_rows: int
    distinct_exact_max: int
    top: int
    bins: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        max_rows = self.max_rows

        distinct_exact_max = self.distinct_exact_max

        top = self.top

        bins = self.bins


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "max_rows": max_rows,
            "distinct_exact_max": distinct_exact_max,
            "top": top,
            "bins": bins,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        max_rows = d.pop("max_rows")

        distinct_exact_max = d.pop("distinct_exact_max")

        top = d.pop("top")

        bins = d.pop("bins")

        profile_limits_output = cls(
            max_rows=max_rows,
            distinct_exact_max=distinct_exact_max,
            top=top,
            bins=bins,
        )


        profile_limits_output.additional_properties = d
        return profile_limits_output

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
