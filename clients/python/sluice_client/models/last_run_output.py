from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.execution_status_enum import ExecutionStatusEnum
from typing import cast
import datetime






T = TypeVar("T", bound="LastRunOutput")



@_attrs_define
class LastRunOutput:
    """ 
        Attributes:
            id (int):
            status (ExecutionStatusEnum): * `queued` - Queued
                * `running` - Running
                * `committing` - Committing
                * `cancelling` - Cancelling
                * `succeeded` - Succeeded
                * `failed` - Failed
                * `cancelled` - Cancelled
            trigger (str):
            created_at (datetime.datetime):
            started_at (datetime.datetime | None):
            finished_at (datetime.datetime | None):
            duration_s (float | None):
            rows_in (int):
            rows_out (int):
            error (str):
     """

    id: int
    status: ExecutionStatusEnum
    trigger: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    duration_s: float | None
    rows_in: int
    rows_out: int
    error: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        trigger = self.trigger

        created_at = self.created_at.isoformat()

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

        duration_s: float | None
        duration_s = self.duration_s

        rows_in = self.rows_in

        rows_out = self.rows_out

        error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "status": status,
            "trigger": trigger,
            "created_at": created_at,
            "started_at": started_at,
            "finished_at": finished_at,
            "duration_s": duration_s,
            "rows_in": rows_in,
            "rows_out": rows_out,
            "error": error,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        status = ExecutionStatusEnum(d.pop("status"))




        trigger = d.pop("trigger")

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


        def _parse_duration_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        duration_s = _parse_duration_s(d.pop("duration_s"))


        rows_in = d.pop("rows_in")

        rows_out = d.pop("rows_out")

        error = d.pop("error")

        last_run_output = cls(
            id=id,
            status=status,
            trigger=trigger,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
            duration_s=duration_s,
            rows_in=rows_in,
            rows_out=rows_out,
            error=error,
        )


        last_run_output.additional_properties = d
        return last_run_output

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
