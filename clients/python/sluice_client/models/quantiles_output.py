from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="QuantilesOutput")



@_attrs_define
class QuantilesOutput:
    """ 
        Attributes:
            p5 (Any | Unset): A number, or an ISO date(time).
            p25 (Any | Unset): A number, or an ISO date(time).
            p50 (Any | Unset): A number, or an ISO date(time).
            p75 (Any | Unset): A number, or an ISO date(time).
            p95 (Any | Unset): A number, or an ISO date(time).
     """

    p5: Any | Unset = UNSET
    p25: Any | Unset = UNSET
    p50: Any | Unset = UNSET
    p75: Any | Unset = UNSET
    p95: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        p5 = self.p5

        p25 = self.p25

        p50 = self.p50

        p75 = self.p75

        p95 = self.p95


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if p5 is not UNSET:
            field_dict["p5"] = p5
        if p25 is not UNSET:
            field_dict["p25"] = p25
        if p50 is not UNSET:
            field_dict["p50"] = p50
        if p75 is not UNSET:
            field_dict["p75"] = p75
        if p95 is not UNSET:
            field_dict["p95"] = p95

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        p5 = d.pop("p5", UNSET)

        p25 = d.pop("p25", UNSET)

        p50 = d.pop("p50", UNSET)

        p75 = d.pop("p75", UNSET)

        p95 = d.pop("p95", UNSET)

        quantiles_output = cls(
            p5=p5,
            p25=p25,
            p50=p50,
            p75=p75,
            p95=p95,
        )


        quantiles_output.additional_properties = d
        return quantiles_output

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
