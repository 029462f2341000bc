from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.history_point_output import HistoryPointOutput





T = TypeVar("T", bound="HistoryOutput")



@_attrs_define
class HistoryOutput:
    """ 
        Attributes:
            window (str): The window asked for, e.g. 24h.
            seconds (int): Its length in seconds, after the 90-day cap.
            since (datetime.datetime):
            until (datetime.datetime):
            capped (bool): True when the window asked for was over 90 days.
            pipeline_id (int):
            node_key (str):
            bucket (str):
            bucket_seconds (int):
            points (list[HistoryPointOutput]):
     """

    window: str
    seconds: int
    since: datetime.datetime
    until: datetime.datetime
    capped: bool
    pipeline_id: int
    node_key: str
    bucket: str
    bucket_seconds: int
    points: list[HistoryPointOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.history_point_output import HistoryPointOutput # noqa: PLC0415
        window = self.window

        seconds = self.seconds

        since = self.since.isoformat()

        until = self.until.isoformat()

        capped = self.capped

        pipeline_id = self.pipeline_id

        node_key = self.node_key

        bucket = self.bucket

        bucket_seconds = self.bucket_seconds

        points = []
        for points_item_data in self.points:
            points_item = points_item_data.to_dict()
            points.append(points_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "window": window,
            "seconds": seconds,
            "since": since,
            "until": until,
            "capped": capped,
            "pipeline_id": pipeline_id,
            "node_key": node_key,
            "bucket": bucket,
            "bucket_seconds": bucket_seconds,
            "points": points,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.history_point_output import HistoryPointOutput # noqa: PLC0415
        d = dict(src_dict)
        window = d.pop("window")

        seconds = d.pop("seconds")

        since = datetime.datetime.fromisoformat(d.pop("since"))




        until = datetime.datetime.fromisoformat(d.pop("until"))




        capped = d.pop("capped")

        pipeline_id = d.pop("pipeline_id")

        node_key = d.pop("node_key")

        bucket = d.pop("bucket")

        bucket_seconds = d.pop("bucket_seconds")

        points = []
        _points = d.pop("points")
        for points_item_data in (_points):
            points_item = HistoryPointOutput.from_dict(points_item_data)



            points.append(points_item)


        history_output = cls(
            window=window,
            seconds=seconds,
            since=since,
            until=until,
            capped=capped,
            pipeline_id=pipeline_id,
            node_key=node_key,
            bucket=bucket,
            bucket_seconds=bucket_seconds,
            points=points,
        )


        history_output.additional_properties = d
        return history_output

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
