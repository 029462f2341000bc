from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.of_enum import OfEnum
from typing import cast






T = TypeVar("T", bound="HistogramOutput")



@_attrs_define
class HistogramOutput:
    """ 
        Attributes:
            of (OfEnum): * `value` - value
                * `length` - length
            edges (list[float]): Bin edges: one more than counts.
            counts (list[int]):
     """

    of: OfEnum
    edges: list[float]
    counts: list[int]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        of = self.of.value

        edges = self.edges



        counts = self.counts




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "of": of,
            "edges": edges,
            "counts": counts,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        of = OfEnum(d.pop("of"))




        edges = cast(list[float], d.pop("edges"))


        counts = cast(list[int], d.pop("counts"))


        histogram_output = cls(
            of=of,
            edges=edges,
            counts=counts,
        )


        histogram_output.additional_properties = d
        return histogram_output

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
