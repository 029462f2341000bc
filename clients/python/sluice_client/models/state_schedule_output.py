from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="StateScheduleOutput")



@_attrs_define
class StateScheduleOutput:
    """ 
        Attributes:
            cron (str):
            timezone (str):
            enabled (bool):
            next_runs (list[datetime.datetime]):
     """

    cron: str
    timezone: str
    enabled: bool
    next_runs: list[datetime.datetime]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        cron = self.cron

        timezone = self.timezone

        enabled = self.enabled

        next_runs = []
        for next_runs_item_data in self.next_runs:
            next_runs_item = next_runs_item_data.isoformat()
            next_runs.append(next_runs_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "cron": cron,
            "timezone": timezone,
            "enabled": enabled,
            "next_runs": next_runs,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cron = d.pop("cron")

        timezone = d.pop("timezone")

        enabled = d.pop("enabled")

        next_runs = []
        _next_runs = d.pop("next_runs")
        for next_runs_item_data in (_next_runs):
            next_runs_item = datetime.datetime.fromisoformat(next_runs_item_data)



            next_runs.append(next_runs_item)


        state_schedule_output = cls(
            cron=cron,
            timezone=timezone,
            enabled=enabled,
            next_runs=next_runs,
        )


        state_schedule_output.additional_properties = d
        return state_schedule_output

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
