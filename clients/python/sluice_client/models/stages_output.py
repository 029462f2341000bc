from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.stage_output import StageOutput





T = TypeVar("T", bound="StagesOutput")



@_attrs_define
class StagesOutput:
    """ 
        Attributes:
            window (str): The window asked for, e.g. 24h.
            seconds (int): Its length in seconds, after the 90-day cap.
            since (datetime.datetime):
            until (datetime.datetime):
            capped (bool): True when the window asked for was over 90 days.
            stages (list[StageOutput]):
     """

    window: str
    seconds: int
    since: datetime.datetime
    until: datetime.datetime
    capped: bool
    stages: list[StageOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.stage_output import StageOutput # noqa: PLC0415
        window = self.window

        seconds = self.seconds

        since = self.since.isoformat()

        until = self.until.isoformat()

        capped = self.capped

        stages = []
        for stages_item_data in self.stages:
            stages_item = stages_item_data.to_dict()
            stages.append(stages_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "window": window,
            "seconds": seconds,
            "since": since,
            "until": until,
            "capped": capped,
            "stages": stages,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stage_output import StageOutput # noqa: PLC0415
        d = dict(src_dict)
        window = d.pop("window")

        seconds = d.pop("seconds")

        since = datetime.datetime.fromisoformat(d.pop("since"))




        until = datetime.datetime.fromisoformat(d.pop("until"))




        capped = d.pop("capped")

        stages = []
        _stages = d.pop("stages")
        for stages_item_data in (_stages):
            stages_item = StageOutput.from_dict(stages_item_data)



            stages.append(stages_item)


        stages_output = cls(
            window=window,
            seconds=seconds,
            since=since,
            until=until,
            capped=capped,
            stages=stages,
        )


        stages_output.additional_properties = d
        return stages_output

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
