from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="FailingPipelineOutput")



@_attrs_define
class FailingPipelineOutput:
    """ 
        Attributes:
            pipeline_id (int):
            slug (str):
            name (str):
            runs (int):
            failed (int):
            failure_rate (float):
     """

    pipeline_id: int
    slug: str
    name: str
    runs: int
    failed: int
    failure_rate: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        pipeline_id = self.pipeline_id

        slug = self.slug

        name = self.name

        runs = self.runs

        failed = self.failed

        failure_rate = self.failure_rate


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pipeline_id": pipeline_id,
            "slug": slug,
            "name": name,
            "runs": runs,
            "failed": failed,
            "failure_rate": failure_rate,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pipeline_id = d.pop("pipeline_id")

        slug = d.pop("slug")

        name = d.pop("name")

        runs = d.pop("runs")

        failed = d.pop("failed")

        failure_rate = d.pop("failure_rate")

        failing_pipeline_output = cls(
            pipeline_id=pipeline_id,
            slug=slug,
            name=name,
            runs=runs,
            failed=failed,
            failure_rate=failure_rate,
        )


        failing_pipeline_output.additional_properties = d
        return failing_pipeline_output

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
