from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.quality_summary_day_output import QualitySummaryDayOutput





T = TypeVar("T", bound="QualitySummaryOutput")



@_attrs_define
class QualitySummaryOutput:
    """ 
        Attributes:
            pipeline (int):
            since (datetime.datetime):
            until (datetime.datetime):
            days (list[QualitySummaryDayOutput]):
     """

    pipeline: int
    since: datetime.datetime
    until: datetime.datetime
    days: list[QualitySummaryDayOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.quality_summary_day_output import QualitySummaryDayOutput # noqa: PLC0415
        pipeline = self.pipeline

        since = self.since.isoformat()

        until = self.until.isoformat()

        days = []
        for days_item_data in self.days:
            days_item = days_item_data.to_dict()
            days.append(days_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pipeline": pipeline,
            "since": since,
            "until": until,
            "days": days,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quality_summary_day_output import QualitySummaryDayOutput # noqa: PLC0415
        d = dict(src_dict)
        pipeline = d.pop("pipeline")

        since = datetime.datetime.fromisoformat(d.pop("since"))




        until = datetime.datetime.fromisoformat(d.pop("until"))




        days = []
        _days = d.pop("days")
        for days_item_data in (_days):
            days_item = QualitySummaryDayOutput.from_dict(days_item_data)



            days.append(days_item)


        quality_summary_output = cls(
            pipeline=pipeline,
            since=since,
            until=until,
            days=days,
        )


        quality_summary_output.additional_properties = d
        return quality_summary_output

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
