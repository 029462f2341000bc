from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.step_status_enum import StepStatusEnum
from typing import cast
import datetime






T = TypeVar("T", bound="ActiveStepOutput")



@_attrs_define
class ActiveStepOutput:
    """ 
        Attributes:
            node_key (str):
            node_type (str):
            group (str):
            status (StepStatusEnum): * `pending` - Pending
                * `queued` - Queued
                * `running` - Running
                * `succeeded` - Succeeded
                * `failed` - Failed
                * `skipped` - Skipped
                * `cancelled` - Cancelled
            attempt (int):
            worker (str):
            queued_at (datetime.datetime | None):
            started_at (datetime.datetime | None):
            elapsed_s (float | None):
            progress (float):
            expected_s (float | None): Median of the node's last 20 successful durations.
            eta_s (float | None): expected_s - elapsed_s (0 when done); null without history.
            rows_in (int | None):
            rows_out (int | None):
     """

    node_key: str
    node_type: str
    group: str
    status: StepStatusEnum
    attempt: int
    worker: str
    queued_at: datetime.datetime | None
    started_at: datetime.datetime | None
    elapsed_s: float | None
    progress: float
    expected_s: float | None
    eta_s: float | None
    rows_in: int | None
    rows_out: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        node_key = self.node_key

        node_type = self.node_type

        group = self.group

        status = self.status.value

        attempt = self.attempt

        worker = self.worker

        queued_at: None | str
        if isinstance(self.queued_at, datetime.datetime):
            queued_at = self.queued_at.isoformat()
        else:
            queued_at = self.queued_at

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        elapsed_s: float | None
        elapsed_s = self.elapsed_s

        progress = self.progress

        expected_s: float | None
        expected_s = self.expected_s

        eta_s: float | None
        eta_s = self.eta_s

        rows_in: int | None
        rows_in = self.rows_in

        rows_out: int | None
        rows_out = self.rows_out


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "node_key": node_key,
            "node_type": node_type,
            "group": group,
            "status": status,
            "attempt": attempt,
            "worker": worker,
            "queued_at": queued_at,
            "started_at": started_at,
            "elapsed_s": elapsed_s,
            "progress": progress,
            "expected_s": expected_s,
            "eta_s": eta_s,
            "rows_in": rows_in,
            "rows_out": rows_out,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node_key = d.pop("node_key")

        node_type = d.pop("node_type")

        group = d.pop("group")

        status = StepStatusEnum(d.pop("status"))




        attempt = d.pop("attempt")

        worker = d.pop("worker")

        def _parse_queued_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                queued_at_type_0 = datetime.datetime.fromisoformat(data)



                return queued_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        queued_at = _parse_queued_at(d.pop("queued_at"))


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


        progress = d.pop("progress")

        def _parse_expected_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        expected_s = _parse_expected_s(d.pop("expected_s"))


        def _parse_eta_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        eta_s = _parse_eta_s(d.pop("eta_s"))


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


        active_step_output = cls(
            node_key=node_key,
            node_type=node_type,
            group=group,
            status=status,
            attempt=attempt,
            worker=worker,
            queued_at=queued_at,
            started_at=started_at,
            elapsed_s=elapsed_s,
            progress=progress,
            expected_s=expected_s,
            eta_s=eta_s,
            rows_in=rows_in,
            rows_out=rows_out,
        )


        active_step_output.additional_properties = d
        return active_step_output

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
