from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.backfill_status_enum import BackfillStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.backfill_detail_output_progress import BackfillDetailOutputProgress
  from ..models.backfill_interval_output import BackfillIntervalOutput





T = TypeVar("T", bound="BackfillDetailOutput")



@_attrs_define
class BackfillDetailOutput:
    """ 
        Attributes:
            id (int):
            pipeline (int):
            pipeline_slug (str):
            range_start (datetime.datetime):
            range_end (datetime.datetime):
            cron (str):
            timezone (str):
            created_by (None | str):
            created_at (datetime.datetime):
            progress (BackfillDetailOutputProgress): Intervals by status, and the total.
            intervals (list[BackfillIntervalOutput]):
            status (BackfillStatusEnum | Unset): * `running` - Running
                * `succeeded` - Succeeded
                * `failed` - Failed
                * `cancelled` - Cancelled
            concurrency (int | Unset):
            finished_at (datetime.datetime | None | Unset):
     """

    id: int
    pipeline: int
    pipeline_slug: str
    range_start: datetime.datetime
    range_end: datetime.datetime
    cron: str
    timezone: str
    created_by: None | str
    created_at: datetime.datetime
    progress: BackfillDetailOutputProgress
    intervals: list[BackfillIntervalOutput]
    status: BackfillStatusEnum | Unset = UNSET
    concurrency: int | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.backfill_detail_output_progress import BackfillDetailOutputProgress # noqa: PLC0415
        from ..models.backfill_interval_output import BackfillIntervalOutput # noqa: PLC0415
        id = self.id

        pipeline = self.pipeline

        pipeline_slug = self.pipeline_slug

        range_start = self.range_start.isoformat()

        range_end = self.range_end.isoformat()

        cron = self.cron

        timezone = self.timezone

        created_by: None | str
        created_by = self.created_by

        created_at = self.created_at.isoformat()

        progress = self.progress.to_dict()

        intervals = []
        for intervals_item_data in self.intervals:
            intervals_item = intervals_item_data.to_dict()
            intervals.append(intervals_item)



        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        concurrency = self.concurrency

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "pipeline": pipeline,
            "pipeline_slug": pipeline_slug,
            "range_start": range_start,
            "range_end": range_end,
            "cron": cron,
            "timezone": timezone,
            "created_by": created_by,
            "created_at": created_at,
            "progress": progress,
            "intervals": intervals,
        })
        if status is not UNSET:
            field_dict["status"] = status
        if concurrency is not UNSET:
            field_dict["concurrency"] = concurrency
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backfill_detail_output_progress import BackfillDetailOutputProgress # noqa: PLC0415
        from ..models.backfill_interval_output import BackfillIntervalOutput # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        pipeline = d.pop("pipeline")

        pipeline_slug = d.pop("pipeline_slug")

        range_start = datetime.datetime.fromisoformat(d.pop("range_start"))




        range_end = datetime.datetime.fromisoformat(d.pop("range_end"))




        cron = d.pop("cron")

        timezone = d.pop("timezone")

        def _parse_created_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_by = _parse_created_by(d.pop("created_by"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        progress = BackfillDetailOutputProgress.from_dict(d.pop("progress"))




        intervals = []
        _intervals = d.pop("intervals")
        for intervals_item_data in (_intervals):
            intervals_item = BackfillIntervalOutput.from_dict(intervals_item_data)



            intervals.append(intervals_item)


        _status = d.pop("status", UNSET)
        status: BackfillStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = BackfillStatusEnum(_status)




        concurrency = d.pop("concurrency", UNSET)

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))


        backfill_detail_output = cls(
            id=id,
            pipeline=pipeline,
            pipeline_slug=pipeline_slug,
            range_start=range_start,
            range_end=range_end,
            cron=cron,
            timezone=timezone,
            created_by=created_by,
            created_at=created_at,
            progress=progress,
            intervals=intervals,
            status=status,
            concurrency=concurrency,
            finished_at=finished_at,
        )


        backfill_detail_output.additional_properties = d
        return backfill_detail_output

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
