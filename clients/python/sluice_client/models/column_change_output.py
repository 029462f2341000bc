from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ColumnChangeOutput")



@_attrs_define
class ColumnChangeOutput:
    """ 
        Attributes:
            null_rate_change (float):
            distinct_change (int | None):
            mean_shift (float | None):
            mean_shift_stds (float | None): In the previous run's standard deviations.
            mean_shift_notable (bool):
     """

    null_rate_change: float
    distinct_change: int | None
    mean_shift: float | None
    mean_shift_stds: float | None
    mean_shift_notable: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        null_rate_change = self.null_rate_change

        distinct_change: int | None
        distinct_change = self.distinct_change

        mean_shift: float | None
        mean_shift = self.mean_shift

        mean_shift_stds: float | None
        mean_shift_stds = self.mean_shift_stds

        mean_shift_notable = self.mean_shift_notable


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "null_rate_change": null_rate_change,
            "distinct_change": distinct_change,
            "mean_shift": mean_shift,
            "mean_shift_stds": mean_shift_stds,
            "mean_shift_notable": mean_shift_notable,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        null_rate_change = d.pop("null_rate_change")

        def _parse_distinct_change(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        distinct_change = _parse_distinct_change(d.pop("distinct_change"))


        def _parse_mean_shift(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        mean_shift = _parse_mean_shift(d.pop("mean_shift"))


        def _parse_mean_shift_stds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        mean_shift_stds = _parse_mean_shift_stds(d.pop("mean_shift_stds"))


        mean_shift_notable = d.pop("mean_shift_notable")

        column_change_output = cls(
            null_rate_change=null_rate_change,
            distinct_change=distinct_change,
            mean_shift=mean_shift,
            mean_shift_stds=mean_shift_stds,
            mean_shift_notable=mean_shift_notable,
        )


        column_change_output.additional_properties = d
        return column_change_output

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
