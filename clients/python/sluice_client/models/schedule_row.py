from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.pipeline_status_enum import PipelineStatusEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.last_scheduled_run import LastScheduledRun





T = TypeVar("T", bound="ScheduleRow")



@_attrs_define
class ScheduleRow:
    """ 
        Attributes:
            pipeline (int): The pipeline's id.
            name (str):
            slug (str):
            cron (str): Five fields; empty: runs only after upstream.
            timezone (str):
            enabled (bool): The schedule's switch.
            fires (bool): The cron fires on its own: enabled, the pipeline active, a saved version.
            next_run_at (None | str): Its next fire time when it fires, else null.
            problem (str): Why a cron set here does not fire (empty when it does).
            upstream (list[str]): Names of the pipelines whose success starts this one (one you cannot see is not named).
            last_scheduled_run (LastScheduledRun | None): The latest run its cron started.
            status (PipelineStatusEnum | Unset): * `active` - Active
                * `paused` - Paused
                * `archived` - Archived
     """

    pipeline: int
    name: str
    slug: str
    cron: str
    timezone: str
    enabled: bool
    fires: bool
    next_run_at: None | str
    problem: str
    upstream: list[str]
    last_scheduled_run: LastScheduledRun | None
    status: PipelineStatusEnum | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.last_scheduled_run import LastScheduledRun # noqa: PLC0415
        pipeline = self.pipeline

        name = self.name

        slug = self.slug

        cron = self.cron

        timezone = self.timezone

        enabled = self.enabled

        fires = self.fires

        next_run_at: None | str
        next_run_at = self.next_run_at

        problem = self.problem

        upstream = self.upstream



        last_scheduled_run: dict[str, Any] | None
        if isinstance(self.last_scheduled_run, LastScheduledRun):
            last_scheduled_run = self.last_scheduled_run.to_dict()
        else:
            last_scheduled_run = self.last_scheduled_run

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pipeline": pipeline,
            "name": name,
            "slug": slug,
            "cron": cron,
            "timezone": timezone,
            "enabled": enabled,
            "fires": fires,
            "next_run_at": next_run_at,
            "problem": problem,
            "upstream": upstream,
            "last_scheduled_run": last_scheduled_run,
        })
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.last_scheduled_run import LastScheduledRun # noqa: PLC0415
        d = dict(src_dict)
        pipeline = d.pop("pipeline")

        name = d.pop("name")

        slug = d.pop("slug")

        cron = d.pop("cron")

        timezone = d.pop("timezone")

        enabled = d.pop("enabled")

        fires = d.pop("fires")

        def _parse_next_run_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_run_at = _parse_next_run_at(d.pop("next_run_at"))


        problem = d.pop("problem")

        upstream = cast(list[str], d.pop("upstream"))


        def _parse_last_scheduled_run(data: object) -> LastScheduledRun | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_scheduled_run_type_1 = LastScheduledRun.from_dict(data)



                return last_scheduled_run_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LastScheduledRun | None, data)

        last_scheduled_run = _parse_last_scheduled_run(d.pop("last_scheduled_run"))


        _status = d.pop("status", UNSET)
        status: PipelineStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = PipelineStatusEnum(_status)




        schedule_row = cls(
            pipeline=pipeline,
            name=name,
            slug=slug,
            cron=cron,
            timezone=timezone,
            enabled=enabled,
            fires=fires,
            next_run_at=next_run_at,
            problem=problem,
            upstream=upstream,
            last_scheduled_run=last_scheduled_run,
            status=status,
        )


        schedule_row.additional_properties = d
        return schedule_row

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
