from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.execution_status_enum import ExecutionStatusEnum
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.active_step_output import ActiveStepOutput
  from ..models.pipeline_ref_output import PipelineRefOutput





T = TypeVar("T", bound="ActiveExecutionOutput")



@_attrs_define
class ActiveExecutionOutput:
    """ 
        Attributes:
            id (int):
            pipeline (PipelineRefOutput):
            version (int):
            status (ExecutionStatusEnum): * `queued` - Queued
                * `running` - Running
                * `committing` - Committing
                * `cancelling` - Cancelling
                * `succeeded` - Succeeded
                * `failed` - Failed
                * `cancelled` - Cancelled
            trigger (str):
            priority (int):
            created_at (datetime.datetime):
            started_at (datetime.datetime | None):
            elapsed_s (float | None):
            steps_total (int):
            steps_done (int):
            progress (float):
            eta_s (float | None): Longest remaining path through the graph, in seconds.
            expected_finish_at (datetime.datetime | None):
            steps (list[ActiveStepOutput]):
     """

    id: int
    pipeline: PipelineRefOutput
    version: int
    status: ExecutionStatusEnum
    trigger: str
    priority: int
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    elapsed_s: float | None
    steps_total: int
    steps_done: int
    progress: float
    eta_s: float | None
    expected_finish_at: datetime.datetime | None
    steps: list[ActiveStepOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.active_step_output import ActiveStepOutput # noqa: PLC0415
        from ..models.pipeline_ref_output import PipelineRefOutput # noqa: PLC0415
        id = self.id

        pipeline = self.pipeline.to_dict()

        version = self.version

        status = self.status.value

        trigger = self.trigger

        priority = self.priority

        created_at = self.created_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        elapsed_s: float | None
        elapsed_s = self.elapsed_s

        steps_total = self.steps_total

        steps_done = self.steps_done

        progress = self.progress

        eta_s: float | None
        eta_s = self.eta_s

        expected_finish_at: None | str
        if isinstance(self.expected_finish_at, datetime.datetime):
            expected_finish_at = self.expected_finish_at.isoformat()
        else:
            expected_finish_at = self.expected_finish_at

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "pipeline": pipeline,
            "version": version,
            "status": status,
            "trigger": trigger,
            "priority": priority,
            "created_at": created_at,
            "started_at": started_at,
            "elapsed_s": elapsed_s,
            "steps_total": steps_total,
            "steps_done": steps_done,
            "progress": progress,
            "eta_s": eta_s,
            "expected_finish_at": expected_finish_at,
            "steps": steps,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.active_step_output import ActiveStepOutput # noqa: PLC0415
        from ..models.pipeline_ref_output import PipelineRefOutput # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        pipeline = PipelineRefOutput.from_dict(d.pop("pipeline"))




        version = d.pop("version")

        status = ExecutionStatusEnum(d.pop("status"))




        trigger = d.pop("trigger")

        priority = d.pop("priority")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)



                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))


        def _parse_elapsed_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        elapsed_s = _parse_elapsed_s(d.pop("elapsed_s"))


        steps_total = d.pop("steps_total")

        steps_done = d.pop("steps_done")

        progress = d.pop("progress")

        def _parse_eta_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        eta_s = _parse_eta_s(d.pop("eta_s"))


        def _parse_expected_finish_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expected_finish_at_type_0 = datetime.datetime.fromisoformat(data)



                return expected_finish_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expected_finish_at = _parse_expected_finish_at(d.pop("expected_finish_at"))


        steps = []
        _steps = d.pop("steps")
        for steps_item_data in (_steps):
            steps_item = ActiveStepOutput.from_dict(steps_item_data)



            steps.append(steps_item)


        active_execution_output = cls(
            id=id,
            pipeline=pipeline,
            version=version,
            status=status,
            trigger=trigger,
            priority=priority,
            created_at=created_at,
            started_at=started_at,
            elapsed_s=elapsed_s,
            steps_total=steps_total,
            steps_done=steps_done,
            progress=progress,
            eta_s=eta_s,
            expected_finish_at=expected_finish_at,
            steps=steps,
        )


        active_execution_output.additional_properties = d
        return active_execution_output

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
