from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="SLAOutput")



@_attrs_define
class SLAOutput:
    """ 
        Attributes:
            pipeline (int):
            max_seconds (int | None): null: the pipeline has no SLA.
            updated_at (datetime.datetime | None):
            enabled (bool | Unset):
     """

    pipeline: int
    max_seconds: int | None
    updated_at: datetime.datetime | None
    enabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        pipeline = self.pipeline

        max_seconds: int | None
        max_seconds = self.max_seconds

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        enabled = self.enabled


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pipeline": pipeline,
            "max_seconds": max_seconds,
            "updated_at": updated_at,
        })
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pipeline = d.pop("pipeline")

        def _parse_max_seconds(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_seconds = _parse_max_seconds(d.pop("max_seconds"))


        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))


        enabled = d.pop("enabled", UNSET)

        sla_output = cls(
            pipeline=pipeline,
            max_seconds=max_seconds,
            updated_at=updated_at,
            enabled=enabled,
        )


        sla_output.additional_properties = d
        return sla_output

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
