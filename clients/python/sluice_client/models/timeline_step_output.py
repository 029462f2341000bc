from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.step_status_enum import StepStatusEnum
from typing import cast
import datetime






T = TypeVar("T", bound="TimelineStepOutput")



@_attrs_define
class TimelineStepOutput:
    """ 
        Attributes:
            node_key (str):
            node_type (str):
            group (str):
            is_head (bool):
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
            finished_at (datetime.datetime | None):
            wait_ms (int | None):
            offset_ms (int | None): Start, in ms after the execution started.
            duration_ms (int | None):
            rows_in (int | None):
            rows_out (int | None):
            bytes_out (int | None):
            cpu_seconds (float | None):
            cpu_utilisation (float | None): cpu_seconds per second of wall time.
            peak_rss_bytes (int | None):
            error (str):
     """

    node_key: str
    node_type: str
    group: str
    is_head: bool
    status: StepStatusEnum
    attempt: int
    worker: str
    queued_at: datetime.datetime | None
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    wait_ms: int | None
    offset_ms: int | None
    duration_ms: int | None
    rows_in: int | None
    rows_out: int | None
    bytes_out: int | None
    cpu_seconds: float | None
    cpu_utilisation: float | None
    peak_rss_bytes: int | None
    error: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        node_key = self.node_key

        node_type = self.node_type

        group = self.group

        is_head = self.is_head

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

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        wait_ms: int | None
        wait_ms = self.wait_ms

        offset_ms: int | None
        offset_ms = self.offset_ms

        duration_ms: int | None
        duration_ms = self.duration_ms

        rows_in: int | None
        rows_in = self.rows_in

        rows_out: int | None
        rows_out = self.rows_out

        bytes_out: int | None
        bytes_out = self.bytes_out

        cpu_seconds: float | None
        cpu_seconds = self.cpu_seconds

        cpu_utilisation: float | None
        cpu_utilisation = self.cpu_utilisation

        peak_rss_bytes: int | None
        peak_rss_bytes = self.peak_rss_bytes

        error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "node_key": node_key,
            "node_type": node_type,
            "group": group,
            "is_head": is_head,
            "status": status,
            "attempt": attempt,
            "worker": worker,
            "queued_at": queued_at,
            "started_at": started_at,
            "finished_at": finished_at,
            "wait_ms": wait_ms,
            "offset_ms": offset_ms,
            "duration_ms": duration_ms,
            "rows_in": rows_in,
            "rows_out": rows_out,
            "bytes_out": bytes_out,
            "cpu_seconds": cpu_seconds,
            "cpu_utilisation": cpu_utilisation,
            "peak_rss_bytes": peak_rss_bytes,
            "error": error,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node_key = d.pop("node_key")

        node_type = d.pop("node_type")

        group = d.pop("group")

        is_head = d.pop("is_head")

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


        def _parse_wait_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        wait_ms = _parse_wait_ms(d.pop("wait_ms"))


        def _parse_offset_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        offset_ms = _parse_offset_ms(d.pop("offset_ms"))


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


        def _parse_bytes_out(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        bytes_out = _parse_bytes_out(d.pop("bytes_out"))


        def _parse_cpu_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cpu_seconds = _parse_cpu_seconds(d.pop("cpu_seconds"))


        def _parse_cpu_utilisation(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cpu_utilisation = _parse_cpu_utilisation(d.pop("cpu_utilisation"))


        def _parse_peak_rss_bytes(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        peak_rss_bytes = _parse_peak_rss_bytes(d.pop("peak_rss_bytes"))


        error = d.pop("error")

        timeline_step_output = cls(
            node_key=node_key,
            node_type=node_type,
            group=group,
            is_head=is_head,
            status=status,
            attempt=attempt,
            worker=worker,
            queued_at=queued_at,
            started_at=started_at,
            finished_at=finished_at,
            wait_ms=wait_ms,
            offset_ms=offset_ms,
            duration_ms=duration_ms,
            rows_in=rows_in,
            rows_out=rows_out,
            bytes_out=bytes_out,
            cpu_seconds=cpu_seconds,
            cpu_utilisation=cpu_utilisation,
            peak_rss_bytes=peak_rss_bytes,
            error=error,
        )


        timeline_step_output.additional_properties = d
        return timeline_step_output

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
