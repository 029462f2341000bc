from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.step_status_enum import StepStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="StepOutput")



@_attrs_define
class StepOutput:
    """ 
        Attributes:
            id (int):
            node_key (str):
            node_type (str):
            group (str): Key of the head node of this node's fused chain.
            position (int | Unset): Order inside the fused chain (0 = head).
            status (StepStatusEnum | Unset): * `pending` - Pending
                * `queued` - Queued
                * `running` - Running
                * `succeeded` - Succeeded
                * `failed` - Failed
                * `skipped` - Skipped
                * `cancelled` - Cancelled
            attempt (int | Unset):
            max_attempts (int | Unset):
            worker (str | Unset):
            queued_at (datetime.datetime | None | Unset):
            started_at (datetime.datetime | None | Unset):
            finished_at (datetime.datetime | None | Unset):
            heartbeat_at (datetime.datetime | None | Unset):
            duration_ms (int | None | Unset):
            rows_in (int | None | Unset):
            rows_out (int | None | Unset):
            output_rows (Any | Unset):
            bytes_out (int | None | Unset):
            cpu_seconds (float | None | Unset):
            peak_rss_bytes (int | None | Unset):
            progress (float | Unset):
            error (str | Unset):
            traceback (str | Unset):
            report (Any | Unset):
            pool (str | Unset): The pool of this step (docs/scheduling.md); empty when in none.
            pool_waiting_since (datetime.datetime | None | Unset): Since when this ready step waits for a free slot of its
                pool; null when not waiting.
     """

    id: int
    node_key: str
    node_type: str
    group: str
    position: int | Unset = UNSET
    status: StepStatusEnum | Unset = UNSET
    attempt: int | Unset = UNSET
    max_attempts: int | Unset = UNSET
    worker: str | Unset = UNSET
    queued_at: datetime.datetime | None | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    heartbeat_at: datetime.datetime | None | Unset = UNSET
    duration_ms: int | None | Unset = UNSET
    rows_in: int | None | Unset = UNSET
    rows_out: int | None | Unset = UNSET
    output_rows: Any | Unset = UNSET
    bytes_out: int | None | Unset = UNSET
    cpu_seconds: float | None | Unset = UNSET
    peak_rss_bytes: int | None | Unset = UNSET
    progress: float | Unset = UNSET
    error: str | Unset = UNSET
    traceback: str | Unset = UNSET
    report: Any | Unset = UNSET
    pool: str | Unset = UNSET
    pool_waiting_since: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        node_key = self.node_key

        node_type = self.node_type

        group = self.group

        position = self.position

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        attempt = self.attempt

        max_attempts = self.max_attempts

        worker = self.worker

        queued_at: None | str | Unset
        if isinstance(self.queued_at, Unset):
            queued_at = UNSET
        elif isinstance(self.queued_at, datetime.datetime):
            queued_at = self.queued_at.isoformat()
        else:
            queued_at = self.queued_at

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        heartbeat_at: None | str | Unset
        if isinstance(self.heartbeat_at, Unset):
            heartbeat_at = UNSET
        elif isinstance(self.heartbeat_at, datetime.datetime):
            heartbeat_at = self.heartbeat_at.isoformat()
        else:
            heartbeat_at = self.heartbeat_at

        duration_ms: int | None | Unset
        if isinstance(self.duration_ms, Unset):
            duration_ms = UNSET
        else:
            duration_ms = self.duration_ms

        rows_in: int | None | Unset
        if isinstance(self.rows_in, Unset):
            rows_in = UNSET
        else:
            rows_in = self.rows_in

        rows_out: int | None | Unset
        if isinstance(self.rows_out, Unset):
            rows_out = UNSET
        else:
            rows_out = self.rows_out

        output_rows = self.output_rows

        bytes_out: int | None | Unset
        if isinstance(self.bytes_out, Unset):
            bytes_out = UNSET
        else:
            bytes_out = self.bytes_out

        cpu_seconds: float | None | Unset
        if isinstance(self.cpu_seconds, Unset):
            cpu_seconds = UNSET
        else:
            cpu_seconds = self.cpu_seconds

        peak_rss_bytes: int | None | Unset
        if isinstance(self.peak_rss_bytes, Unset):
            peak_rss_bytes = UNSET
        else:
            peak_rss_bytes = self.peak_rss_bytes

        progress = self.progress

        error = self.error

        traceback = self.traceback

        report = self.report

        pool = self.pool

        pool_waiting_since: None | str | Unset
        if isinstance(self.pool_waiting_since, Unset):
            pool_waiting_since = UNSET
        elif isinstance(self.pool_waiting_since, datetime.datetime):
            pool_waiting_since = self.pool_waiting_since.isoformat()
        else:
            pool_waiting_since = self.pool_waiting_since


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "node_key": node_key,
            "node_type": node_type,
            "group": group,
        })
        if position is not UNSET:
            field_dict["position"] = position
        if status is not UNSET:
            field_dict["status"] = status
        if attempt is not UNSET:
            field_dict["attempt"] = attempt
        if max_attempts is not UNSET:
            field_dict["max_attempts"] = max_attempts
        if worker is not UNSET:
            field_dict["worker"] = worker
        if queued_at is not UNSET:
            field_dict["queued_at"] = queued_at
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if heartbeat_at is not UNSET:
            field_dict["heartbeat_at"] = heartbeat_at
        if duration_ms is not UNSET:
            field_dict["duration_ms"] = duration_ms
        if rows_in is not UNSET:
            field_dict["rows_in"] = rows_in
        if rows_out is not UNSET:
            field_dict["rows_out"] = rows_out
        if output_rows is not UNSET:
            field_dict["output_rows"] = output_rows
        if bytes_out is not UNSET:
            field_dict["bytes_out"] = bytes_out
        if cpu_seconds is not UNSET:
            field_dict["cpu_seconds"] = cpu_seconds
        if peak_rss_bytes is not UNSET:
            field_dict["peak_rss_bytes"] = peak_rss_bytes
        if progress is not UNSET:
            field_dict["progress"] = progress
        if error is not UNSET:
            field_dict["error"] = error
        if traceback is not UNSET:
            field_dict["traceback"] = traceback
        if report is not UNSET:
            field_dict["report"] = report
        if pool is not UNSET:
            field_dict["pool"] = pool
        if pool_waiting_since is not UNSET:
            field_dict["pool_waiting_since"] = pool_waiting_since

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        node_key = d.pop("node_key")

        node_type = d.pop("node_type")

        group = d.pop("group")

        position = d.pop("position", UNSET)

        _status = d.pop("status", UNSET)
        status: StepStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = StepStatusEnum(_status)




        attempt = d.pop("attempt", UNSET)

        max_attempts = d.pop("max_attempts", UNSET)

        worker = d.pop("worker", UNSET)

        def _parse_queued_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                queued_at_type_0 = datetime.datetime.fromisoformat(data)



                return queued_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        queued_at = _parse_queued_at(d.pop("queued_at", UNSET))


        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)



                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))


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


        def _parse_heartbeat_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                heartbeat_at_type_0 = datetime.datetime.fromisoformat(data)



                return heartbeat_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        heartbeat_at = _parse_heartbeat_at(d.pop("heartbeat_at", UNSET))


        def _parse_duration_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duration_ms = _parse_duration_ms(d.pop("duration_ms", UNSET))


        def _parse_rows_in(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rows_in = _parse_rows_in(d.pop("rows_in", UNSET))


        def _parse_rows_out(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rows_out = _parse_rows_out(d.pop("rows_out", UNSET))


        output_rows = d.pop("output_rows", UNSET)

        def _parse_bytes_out(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        bytes_out = _parse_bytes_out(d.pop("bytes_out", UNSET))


        def _parse_cpu_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        cpu_seconds = _parse_cpu_seconds(d.pop("cpu_seconds", UNSET))


        def _parse_peak_rss_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        peak_rss_bytes = _parse_peak_rss_bytes(d.pop("peak_rss_bytes", UNSET))


        progress = d.pop("progress", UNSET)

        error = d.pop("error", UNSET)

        traceback = d.pop("traceback", UNSET)

        report = d.pop("report", UNSET)

        pool = d.pop("pool", UNSET)

        def _parse_pool_waiting_since(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pool_waiting_since_type_0 = datetime.datetime.fromisoformat(data)



                return pool_waiting_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        pool_waiting_since = _parse_pool_waiting_since(d.pop("pool_waiting_since", UNSET))


        step_output = cls(
            id=id,
            node_key=node_key,
            node_type=node_type,
            group=group,
            position=position,
            status=status,
            attempt=attempt,
            max_attempts=max_attempts,
            worker=worker,
            queued_at=queued_at,
            started_at=started_at,
            finished_at=finished_at,
            heartbeat_at=heartbeat_at,
            duration_ms=duration_ms,
            rows_in=rows_in,
            rows_out=rows_out,
            output_rows=output_rows,
            bytes_out=bytes_out,
            cpu_seconds=cpu_seconds,
            peak_rss_bytes=peak_rss_bytes,
            progress=progress,
            error=error,
            traceback=traceback,
            report=report,
            pool=pool,
            pool_waiting_since=pool_waiting_since,
        )


        step_output.additional_properties = d
        return step_output

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
