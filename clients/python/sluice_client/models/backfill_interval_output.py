from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.backfill_interval_status_enum import BackfillIntervalStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="BackfillIntervalOutput")



@_attrs_define
class BackfillIntervalOutput:
    """ 
        Attributes:
            interval_start (datetime.datetime):
            interval_end (datetime.datetime):
            execution_status (None | str):
            status (BackfillIntervalStatusEnum | Unset): * `pending` - Pending
                * `running` - Running
                * `succeeded` - Succeeded
                * `failed` - Failed
                * `cancelled` - Cancelled
                * `skipped` - Skipped
            execution (int | None | Unset):
            error (str | Unset):
     """

    interval_start: datetime.datetime
    interval_end: datetime.datetime
    execution_status: None | str
    status: BackfillIntervalStatusEnum | Unset = UNSET
    execution: int | None | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        interval_start = self.interval_start.isoformat()

        interval_end = self.interval_end.isoformat()

        execution_status: None | str
        execution_status = self.execution_status

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        execution: int | None | Unset
        if isinstance(self.execution, Unset):
            execution = UNSET
        else:
            execution = self.execution

        error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "interval_start": interval_start,
            "interval_end": interval_end,
            "execution_status": execution_status,
        })
        if status is not UNSET:
            field_dict["status"] = status
        if execution is not UNSET:
            field_dict["execution"] = execution
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        interval_start = datetime.datetime.fromisoformat(d.pop("interval_start"))




        interval_end = datetime.datetime.fromisoformat(d.pop("interval_end"))




        def _parse_execution_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        execution_status = _parse_execution_status(d.pop("execution_status"))


        _status = d.pop("status", UNSET)
        status: BackfillIntervalStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = BackfillIntervalStatusEnum(_status)




        def _parse_execution(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        execution = _parse_execution(d.pop("execution", UNSET))


        error = d.pop("error", UNSET)

        backfill_interval_output = cls(
            interval_start=interval_start,
            interval_end=interval_end,
            execution_status=execution_status,
            status=status,
            execution=execution,
            error=error,
        )


        backfill_interval_output.additional_properties = d
        return backfill_interval_output

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
