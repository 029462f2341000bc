from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="SLABreachOutput")



@_attrs_define
class SLABreachOutput:
    """ 
        Attributes:
            id (int):
            pipeline (int):
            pipeline_slug (str):
            execution (int):
            sla_seconds (int):
            elapsed_seconds (float): How long the run had been going when the breach was noticed.
            detected_at (datetime.datetime | Unset):
     """

    id: int
    pipeline: int
    pipeline_slug: str
    execution: int
    sla_seconds: int
    elapsed_seconds: float
    detected_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        pipeline = self.pipeline

        pipeline_slug = self.pipeline_slug

        execution = self.execution

        sla_seconds = self.sla_seconds

        elapsed_seconds = self.elapsed_seconds

        detected_at: str | Unset = UNSET
        if not isinstance(self.detected_at, Unset):
            detected_at = self.detected_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "pipeline": pipeline,
            "pipeline_slug": pipeline_slug,
            "execution": execution,
            "sla_seconds": sla_seconds,
            "elapsed_seconds": elapsed_seconds,
        })
        if detected_at is not UNSET:
            field_dict["detected_at"] = detected_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        pipeline = d.pop("pipeline")

        pipeline_slug = d.pop("pipeline_slug")

        execution = d.pop("execution")

        sla_seconds = d.pop("sla_seconds")

        elapsed_seconds = d.pop("elapsed_seconds")

        _detected_at = d.pop("detected_at", UNSET)
        detected_at: datetime.datetime | Unset
        if isinstance(_detected_at,  Unset):
            detected_at = UNSET
        else:
            detected_at = datetime.datetime.fromisoformat(_detected_at)




        sla_breach_output = cls(
            id=id,
            pipeline=pipeline,
            pipeline_slug=pipeline_slug,
            execution=execution,
            sla_seconds=sla_seconds,
            elapsed_seconds=elapsed_seconds,
            detected_at=detected_at,
        )


        sla_breach_output.additional_properties = d
        return sla_breach_output

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
