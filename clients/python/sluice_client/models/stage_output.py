from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.last_error_output import LastErrorOutput





T = TypeVar("T", bound="StageOutput")



@_attrs_define
class StageOutput:
    """ 
        Attributes:
            runs (int): Steps that finished succeeded or failed.
            succeeded (int):
            failed (int):
            skipped (int):
            cancelled (int):
            success_rate (float | None):
            avg_ms (float | None):
            p50_ms (float | None):
            p95_ms (float | None):
            max_ms (int | None):
            rows_in (int):
            rows_out (int):
            throughput_rows_per_s (float | None):
            cpu_seconds (float):
            peak_rss_bytes (int | None):
            last_run_at (datetime.datetime | None):
            pipeline_id (int):
            pipeline_slug (str):
            pipeline_name (str):
            node_key (str):
            node_type (str):
            last_error (LastErrorOutput | None):
     """

    runs: int
    succeeded: int
    failed: int
    skipped: int
    cancelled: int
    success_rate: float | None
    avg_ms: float | None
    p50_ms: float | None
    p95_ms: float | None
    max_ms: int | None
    rows_in: int
    rows_out: int
    throughput_rows_per_s: float | None
    cpu_seconds: float
    peak_rss_bytes: int | None
    last_run_at: datetime.datetime | None
    pipeline_id: int
    pipeline_slug: str
    pipeline_name: str
    node_key: str
    node_type: str
    last_error: LastErrorOutput | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.last_error_output import LastErrorOutput # noqa: PLC0415
        runs = self.runs

        succeeded = self.succeeded

        failed = self.failed

        skipped = self.skipped

        cancelled = self.cancelled

        success_rate: float | None
        success_rate = self.success_rate

        avg_ms: float | None
        avg_ms = self.avg_ms

        p50_ms: float | None
        p50_ms = self.p50_ms

        p95_ms: float | None
        p95_ms = self.p95_ms

        max_ms: int | None
        max_ms = self.max_ms

        rows_in = self.rows_in

        rows_out = self.rows_out

        throughput_rows_per_s: float | None
        throughput_rows_per_s = self.throughput_rows_per_s

        cpu_seconds = self.cpu_seconds

        peak_rss_bytes: int | None
        peak_rss_bytes = self.peak_rss_bytes

        last_run_at: None | str
        if isinstance(self.last_run_at, datetime.datetime):
            last_run_at = self.last_run_at.isoformat()
        else:
            last_run_at = self.last_run_at

        pipeline_id = self.pipeline_id

        pipeline_slug = self.pipeline_slug

        pipeline_name = self.pipeline_name

        node_key = self.node_key

        node_type = self.node_type

        last_error: dict[str, Any] | None
        if isinstance(self.last_error, LastErrorOutput):
            last_error = self.last_error.to_dict()
        else:
            last_error = self.last_error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "runs": runs,
            "succeeded": succeeded,
            "failed": failed,
            "skipped": skipped,
            "cancelled": cancelled,
            "success_rate": success_rate,
            "avg_ms": avg_ms,
            "p50_ms": p50_ms,
            "p95_ms": p95_ms,
            "max_ms": max_ms,
            "rows_in": rows_in,
            "rows_out": rows_out,
            "throughput_rows_per_s": throughput_rows_per_s,
            "cpu_seconds": cpu_seconds,
            "peak_rss_bytes": peak_rss_bytes,
            "last_run_at": last_run_at,
            "pipeline_id": pipeline_id,
            "pipeline_slug": pipeline_slug,
            "pipeline_name": pipeline_name,
            "node_key": node_key,
            "node_type": node_type,
            "last_error": last_error,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.last_error_output import LastErrorOutput # noqa: PLC0415
        d = dict(src_dict)
        runs = d.pop("runs")

        succeeded = d.pop("succeeded")

        failed = d.pop("failed")

        skipped = d.pop("skipped")

        cancelled = d.pop("cancelled")

        def _parse_success_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        success_rate = _parse_success_rate(d.pop("success_rate"))


        def _parse_avg_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        avg_ms = _parse_avg_ms(d.pop("avg_ms"))


        def _parse_p50_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p50_ms = _parse_p50_ms(d.pop("p50_ms"))


        def _parse_p95_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p95_ms = _parse_p95_ms(d.pop("p95_ms"))


        def _parse_max_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_ms = _parse_max_ms(d.pop("max_ms"))


        rows_in = d.pop("rows_in")

        rows_out = d.pop("rows_out")

        def _parse_throughput_rows_per_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        throughput_rows_per_s = _parse_throughput_rows_per_s(d.pop("throughput_rows_per_s"))


        cpu_seconds = d.pop("cpu_seconds")

        def _parse_peak_rss_bytes(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        peak_rss_bytes = _parse_peak_rss_bytes(d.pop("peak_rss_bytes"))


        def _parse_last_run_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_run_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_run_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_run_at = _parse_last_run_at(d.pop("last_run_at"))


        pipeline_id = d.pop("pipeline_id")

        pipeline_slug = d.pop("pipeline_slug")

        pipeline_name = d.pop("pipeline_name")

        node_key = d.pop("node_key")

        node_type = d.pop("node_type")

        def _parse_last_error(data: object) -> LastErrorOutput | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_error_type_1 = LastErrorOutput.from_dict(data)



                return last_error_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LastErrorOutput | None, data)

        last_error = _parse_last_error(d.pop("last_error"))


        stage_output = cls(
            runs=runs,
            succeeded=succeeded,
            failed=failed,
            skipped=skipped,
            cancelled=cancelled,
            success_rate=success_rate,
            avg_ms=avg_ms,
            p50_ms=p50_ms,
            p95_ms=p95_ms,
            max_ms=max_ms,
            rows_in=rows_in,
            rows_out=rows_out,
            throughput_rows_per_s=throughput_rows_per_s,
            cpu_seconds=cpu_seconds,
            peak_rss_bytes=peak_rss_bytes,
            last_run_at=last_run_at,
            pipeline_id=pipeline_id,
            pipeline_slug=pipeline_slug,
            pipeline_name=pipeline_name,
            node_key=node_key,
            node_type=node_type,
            last_error=last_error,
        )


        stage_output.additional_properties = d
        return stage_output

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
