from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="SLAInputRequest")



@_attrs_define
class SLAInputRequest:
    """ 
        Attributes:
            max_seconds (int): A run still going after this many seconds breaches the SLA (announced once, while it runs).
            enabled (bool | Unset): Off: kept, but not checked. Default: True.
     """

    max_seconds: int
    enabled: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        max_seconds = self.max_seconds

        enabled = self.enabled


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "max_seconds": max_seconds,
        })
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        max_seconds = d.pop("max_seconds")

        enabled = d.pop("enabled", UNSET)

        sla_input_request = cls(
            max_seconds=max_seconds,
            enabled=enabled,
        )


        sla_input_request.additional_properties = d
        return sla_input_request

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
