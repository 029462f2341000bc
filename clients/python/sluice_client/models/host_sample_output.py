from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="HostSampleOutput")



@_attrs_define
class HostSampleOutput:
    """ 
        Attributes:
            ts (datetime.datetime):
            cpu_percent (float):
            memory_percent (float):
            memory_used_bytes (int):
     """

    ts: datetime.datetime
    cpu_percent: float
    memory_percent: float
    memory_used_bytes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        ts = self.ts.isoformat()

        cpu_percent = self.cpu_percent

        memory_percent = self.memory_percent

        memory_used_bytes = self.memory_used_bytes


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "ts": ts,
            "cpu_percent": cpu_percent,
            "memory_percent": memory_percent,
            "memory_used_bytes": memory_used_bytes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ts = datetime.datetime.fromisoformat(d.pop("ts"))




        cpu_percent = d.pop("cpu_percent")

        memory_percent = d.pop("memory_percent")

        memory_used_bytes = d.pop("memory_used_bytes")

        host_sample_output = cls(
            ts=ts,
            cpu_percent=cpu_percent,
            memory_percent=memory_percent,
            memory_used_bytes=memory_used_bytes,
        )


        host_sample_output.additional_properties = d
        return host_sample_output

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
