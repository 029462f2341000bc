from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.outcome_enum import OutcomeEnum
from typing import cast






T = TypeVar("T", bound="SyncResultOutput")



@_attrs_define
class SyncResultOutput:
    """ 
        Attributes:
            path (str):
            outcome (OutcomeEnum): * `applied` - applied
                * `unchanged` - unchanged
                * `conflict` - conflict
                * `failed` - failed
                * `removed` - removed
            message (str):
            pipeline_id (int | None):
            pipeline (str):
            version (int | None):
     """

    path: str
    outcome: OutcomeEnum
    message: str
    pipeline_id: int | None
    pipeline: str
    version: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        path = self.path

        outcome = self.outcome.value

        message = self.message

        pipeline_id: int | None
        pipeline_id = self.pipeline_id

        pipeline = self.pipeline

        version: int | None
        version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "path": path,
            "outcome": outcome,
            "message": message,
            "pipeline_id": pipeline_id,
            "pipeline": pipeline,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        path = d.pop("path")

        outcome = OutcomeEnum(d.pop("outcome"))




        message = d.pop("message")

        def _parse_pipeline_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        pipeline_id = _parse_pipeline_id(d.pop("pipeline_id"))


        pipeline = d.pop("pipeline")

        def _parse_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version = _parse_version(d.pop("version"))


        sync_result_output = cls(
            path=path,
            outcome=outcome,
            message=message,
            pipeline_id=pipeline_id,
            pipeline=pipeline,
            version=version,
        )


        sync_result_output.additional_properties = d
        return sync_result_output

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
