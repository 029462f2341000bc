from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="FirstPipelineOutput")



@_attrs_define
class FirstPipelineOutput:
    """ 
        Attributes:
            pipeline_id (int):
            pipeline_url (str): The pipeline's page.
            execution_id (int):
            execution_url (str): The run's page, where it is watched live.
            created (bool): false: your first pipeline existed already and was run again.
     """

    pipeline_id: int
    pipeline_url: str
    execution_id: int
    execution_url: str
    created: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        pipeline_id = self.pipeline_id

        pipeline_url = self.pipeline_url

        execution_id = self.execution_id

        execution_url = self.execution_url

        created = self.created


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pipeline_id": pipeline_id,
            "pipeline_url": pipeline_url,
            "execution_id": execution_id,
            "execution_url": execution_url,
            "created": created,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pipeline_id = d.pop("pipeline_id")

        pipeline_url = d.pop("pipeline_url")

        execution_id = d.pop("execution_id")

        execution_url = d.pop("execution_url")

        created = d.pop("created")

        first_pipeline_output = cls(
            pipeline_id=pipeline_id,
            pipeline_url=pipeline_url,
            execution_id=execution_id,
            execution_url=execution_url,
            created=created,
        )


        first_pipeline_output.additional_properties = d
        return first_pipeline_output

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
