from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.health_enum import HealthEnum
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.last_run_output import LastRunOutput
  from ..models.pipeline_state_output_pipeline import PipelineStateOutputPipeline
  from ..models.running_output import RunningOutput
  from ..models.state_schedule_output import StateScheduleOutput





T = TypeVar("T", bound="PipelineStateOutput")



@_attrs_define
class PipelineStateOutput:
    """ 
        Attributes:
            pipeline (PipelineStateOutputPipeline):
            last_run (LastRunOutput | None):
            last_success_at (datetime.datetime | None):
            running_now (list[RunningOutput]):
            schedule (StateScheduleOutput):
            recent_success_rate (float | None):
            health (HealthEnum): * `ok` - ok
                * `degraded` - degraded
                * `failing` - failing
                * `stale` - stale
                * `never_run` - never_run
                * `paused` - paused
            health_reason (str):
     """

    pipeline: PipelineStateOutputPipeline
    last_run: LastRunOutput | None
    last_success_at: datetime.datetime | None
    running_now: list[RunningOutput]
    schedule: StateScheduleOutput
    recent_success_rate: float | None
    health: HealthEnum
    health_reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.last_run_output import LastRunOutput # noqa: PLC0415
        from ..models.pipeline_state_output_pipeline import PipelineStateOutputPipeline # noqa: PLC0415
        from ..models.running_output import RunningOutput # noqa: PLC0415
        from ..models.state_schedule_output import StateScheduleOutput # noqa: PLC0415
        pipeline = self.pipeline.to_dict()

        last_run: dict[str, Any] | None
        if isinstance(self.last_run, LastRunOutput):
            last_run = self.last_run.to_dict()
        else:
            last_run = self.last_run

        last_success_at: None | str
        if isinstance(self.last_success_at, datetime.datetime):
            last_success_at = self.last_success_at.isoformat()
        else:
            last_success_at = self.last_success_at

        running_now = []
        for running_now_item_data in self.running_now:
            running_now_item = running_now_item_data.to_dict()
            running_now.append(running_now_item)



        schedule = self.schedule.to_dict()

        recent_success_rate: float | None
        recent_success_rate = self.recent_success_rate

        health = self.health.value

        health_reason = self.health_reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pipeline": pipeline,
            "last_run": last_run,
            "last_success_at": last_success_at,
            "running_now": running_now,
            "schedule": schedule,
            "recent_success_rate": recent_success_rate,
            "health": health,
            "health_reason": health_reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.last_run_output import LastRunOutput # noqa: PLC0415
        from ..models.pipeline_state_output_pipeline import PipelineStateOutputPipeline # noqa: PLC0415
        from ..models.running_output import RunningOutput # noqa: PLC0415
        from ..models.state_schedule_output import StateScheduleOutput # noqa: PLC0415
        d = dict(src_dict)
        pipeline = PipelineStateOutputPipeline.from_dict(d.pop("pipeline"))




        def _parse_last_run(data: object) -> LastRunOutput | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_run_type_1 = LastRunOutput.from_dict(data)



                return last_run_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LastRunOutput | None, data)

        last_run = _parse_last_run(d.pop("last_run"))


        def _parse_last_success_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_success_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_success_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_success_at = _parse_last_success_at(d.pop("last_success_at"))


        running_now = []
        _running_now = d.pop("running_now")
        for running_now_item_data in (_running_now):
            running_now_item = RunningOutput.from_dict(running_now_item_data)



            running_now.append(running_now_item)


        schedule = StateScheduleOutput.from_dict(d.pop("schedule"))




        def _parse_recent_success_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        recent_success_rate = _parse_recent_success_rate(d.pop("recent_success_rate"))


        health = HealthEnum(d.pop("health"))




        health_reason = d.pop("health_reason")

        pipeline_state_output = cls(
            pipeline=pipeline,
            last_run=last_run,
            last_success_at=last_success_at,
            running_now=running_now,
            schedule=schedule,
            recent_success_rate=recent_success_rate,
            health=health,
            health_reason=health_reason,
        )


        pipeline_state_output.additional_properties = d
        return pipeline_state_output

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
