from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.step_status_enum import StepStatusEnum
from typing import cast
import datetime






T = TypeVar("T", bound="LatestStepOutput")



@_attrs_define
class LatestStepOutput:
    """ 
        Attributes:
            status (StepStatusEnum): * `pending` - Pending
                * `queued` - Queued
                * `running` - Running
                * `succeeded` - Succeeded
                * `failed` - Failed
                * `skipped` - Skipped
                * `cancelled` - Cancelled
            execution_id (int):
            started_at (datetime.datetime | None):
            finished_at (datetime.datetime | None):
            duration_ms (int | None):
            rows_in (int | None):
            rows_out (int | None):
            progress (float):
            error (str):
     """

    status: StepStatusEnum
    execution_id: int
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    duration_ms: int | None
    rows_in: int | None
    rows_out: int | None
    progress: float
    error: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        execution_id = self.execution_id

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        duration_ms: int | None
        duration_ms = self.duration_ms

        rows_in: int | None
        rows_in = self.rows_in

        rows_out: int | None
        rows_out = self.rows_out

        progress = self.progress

        error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "status": status,
            "execution_id": execution_id,
            "started_at": started_at,
            "finished_at": finished_at,
            "duration_ms": duration_ms,
            "rows_in": rows_in,
            "rows_out": rows_out,
            "progress": progress,
            "error": error,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = StepStatusEnum(d.pop("status"))




        execution_id = d.pop("execution_id")

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


        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))


        def _parse_duration_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        duration_ms = _parse_duration_ms(d.pop("duration_ms"))


        def _parse_rows_in(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rows_in = _parse_rows_in(d.pop("rows_in"))


        def _parse_rows_out(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rows_out = _parse_rows_out(d.pop("rows_out"))


        progress = d.pop("progress")

        error = d.pop("error")

        latest_step_output = cls(
            status=status,
            execution_id=execution_id,
            started_at=started_at,
            finished_at=finished_at,
            duration_ms=duration_ms,
            rows_in=rows_in,
            rows_out=rows_out,
            progress=progress,
            error=error,
        )


        latest_step_output.additional_properties = d
        return latest_step_output

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
