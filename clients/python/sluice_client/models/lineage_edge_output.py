from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.direction_enum import DirectionEnum
from ..types import UNSET, Unset






T = TypeVar("T", bound="LineageEdgeOutput")



@_attrs_define
class LineageEdgeOutput:
    """ 
        Attributes:
            pipeline (int):
            node (str):
            dataset (str):
            direction (DirectionEnum): * `reads` - reads
                * `writes` - writes
            via (str | Unset): A glob or directory the source reads that covers it.
     """

    pipeline: int
    node: str
    dataset: str
    direction: DirectionEnum
    via: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        pipeline = self.pipeline

        node = self.node

        dataset = self.dataset

        direction = self.direction.value

        via = self.via


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pipeline": pipeline,
            "node": node,
            "dataset": dataset,
            "direction": direction,
        })
        if via is not UNSET:
            field_dict["via"] = via

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pipeline = d.pop("pipeline")

        node = d.pop("node")

        dataset = d.pop("dataset")

        direction = DirectionEnum(d.pop("direction"))




        via = d.pop("via", UNSET)

        lineage_edge_output = cls(
            pipeline=pipeline,
            node=node,
            dataset=dataset,
            direction=direction,
            via=via,
        )


        lineage_edge_output.additional_properties = d
        return lineage_edge_output

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
