from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.execution_status_enum import ExecutionStatusEnum
from ..models.execution_trigger_enum import ExecutionTriggerEnum
from ..models.pipeline_backend_enum import PipelineBackendEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ExecutionOutput")



@_attrs_define
class ExecutionOutput:
    """ 
        Attributes:
            id (int):
            pipeline (int):
            pipeline_slug (str):
            version (int):
            started_by (None | str):
            parent_execution (int | None): A called run (trigger `call`): the execution whose `pipeline.call` step ran it;
                else null.
            parent_node (None | str): A called run: the key of the `pipeline.call` node that ran it; else null.
            created_at (datetime.datetime):
            duration_seconds (float | None): Null until it finishes.
            status (ExecutionStatusEnum | Unset): * `queued` - Queued
                * `running` - Running
                * `committing` - Committing
                * `cancelling` - Cancelling
                * `succeeded` - Succeeded
                * `failed` - Failed
                * `cancelled` - Cancelled
            trigger (ExecutionTriggerEnum | Unset): * `manual` - Manual
                * `api` - API
                * `schedule` - Schedule
                * `upstream` - Upstream pipeline
                * `retry` - Retry
                * `cli` - Command line
                * `call` - Called by a pipeline
                * `backfill` - Backfill
            params (Any | Unset):
            priority (int | Unset):
            backend (PipelineBackendEnum | Unset): * `polars` - Polars (in the workers)
                * `sql` - SQL (pushed down into the database)
                * `spark` - Spark (on a Spark connection)
            correlation_id (str | Unset):
            retry_of (int | None | Unset):
            upstream_execution (int | None | Unset):
            started_at (datetime.datetime | None | Unset):
            finished_at (datetime.datetime | None | Unset):
            rows_in (int | Unset):
            rows_out (int | Unset):
            error (str | Unset):
     """

    id: int
    pipeline: int
    pipeline_slug: str
    version: int
    started_by: None | str
    parent_execution: int | None
    parent_node: None | str
    created_at: datetime.datetime
    duration_seconds: float | None
    status: ExecutionStatusEnum | Unset = UNSET
    trigger: ExecutionTriggerEnum | Unset = UNSET
    params: Any | Unset = UNSET
    priority: int | Unset = UNSET
    backend: PipelineBackendEnum | Unset = UNSET
    correlation_id: str | Unset = UNSET
    retry_of: int | None | Unset = UNSET
    upstream_execution: int | None | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    rows_in: int | Unset = UNSET
    rows_out: int | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        pipeline = self.pipeline

        pipeline_slug = self.pipeline_slug

        version = self.version

        started_by: None | str
        started_by = self.started_by

        parent_execution: int | None
        parent_execution = self.parent_execution

        parent_node: None | str
        parent_node = self.parent_node

        created_at = self.created_at.isoformat()

        duration_seconds: float | None
        duration_seconds = self.duration_seconds

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        trigger: str | Unset = UNSET
        if not isinstance(self.trigger, Unset):
            trigger = self.trigger.value


        params = self.params

        priority = self.priority

        backend: str | Unset = UNSET
        if not isinstance(self.backend, Unset):
            backend = self.backend.value


        correlation_id = self.correlation_id

        retry_of: int | None | Unset
        if isinstance(self.retry_of, Unset):
            retry_of = UNSET
        else:
            retry_of = self.retry_of

        upstream_execution: int | None | Unset
        if isinstance(self.upstream_execution, Unset):
            upstream_execution = UNSET
        else:
            upstream_execution = self.upstream_execution

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

        rows_in = self.rows_in

        rows_out = self.rows_out

        error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "pipeline": pipeline,
            "pipeline_slug": pipeline_slug,
            "version": version,
            "started_by": started_by,
            "parent_execution": parent_execution,
            "parent_node": parent_node,
            "created_at": created_at,
            "duration_seconds": duration_seconds,
        })
        if status is not UNSET:
            field_dict["status"] = status
        if trigger is not UNSET:
            field_dict["trigger"] = trigger
        if params is not UNSET:
            field_dict["params"] = params
        if priority is not UNSET:
            field_dict["priority"] = priority
        if backend is not UNSET:
            field_dict["backend"] = backend
        if correlation_id is not UNSET:
            field_dict["correlation_id"] = correlation_id
        if retry_of is not UNSET:
            field_dict["retry_of"] = retry_of
        if upstream_execution is not UNSET:
            field_dict["upstream_execution"] = upstream_execution
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if rows_in is not UNSET:
            field_dict["rows_in"] = rows_in
        if rows_out is not UNSET:
            field_dict["rows_out"] = rows_out
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        pipeline = d.pop("pipeline")

        pipeline_slug = d.pop("pipeline_slug")

        version = d.pop("version")

        def _parse_started_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        started_by = _parse_started_by(d.pop("started_by"))


        def _parse_parent_execution(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        parent_execution = _parse_parent_execution(d.pop("parent_execution"))


        def _parse_parent_node(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        parent_node = _parse_parent_node(d.pop("parent_node"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_duration_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds"))


        _status = d.pop("status", UNSET)
        status: ExecutionStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = ExecutionStatusEnum(_status)




        _trigger = d.pop("trigger", UNSET)
        trigger: ExecutionTriggerEnum | Unset
        if isinstance(_trigger,  Unset):
            trigger = UNSET
        else:
            trigger = ExecutionTriggerEnum(_trigger)




        params = d.pop("params", UNSET)

        priority = d.pop("priority", UNSET)

        _backend = d.pop("backend", UNSET)
        backend: PipelineBackendEnum | Unset
        if isinstance(_backend,  Unset):
            backend = UNSET
        else:
            backend = PipelineBackendEnum(_backend)




        correlation_id = d.pop("correlation_id", UNSET)

        def _parse_retry_of(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        retry_of = _parse_retry_of(d.pop("retry_of", UNSET))


        def _parse_upstream_execution(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        upstream_execution = _parse_upstream_execution(d.pop("upstream_execution", UNSET))


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


        rows_in = d.pop("rows_in", UNSET)

        rows_out = d.pop("rows_out", UNSET)

        error = d.pop("error", UNSET)

        execution_output = cls(
            id=id,
            pipeline=pipeline,
            pipeline_slug=pipeline_slug,
            version=version,
            started_by=started_by,
            parent_execution=parent_execution,
            parent_node=parent_node,
            created_at=created_at,
            duration_seconds=duration_seconds,
            status=status,
            trigger=trigger,
            params=params,
            priority=priority,
            backend=backend,
            correlation_id=correlation_id,
            retry_of=retry_of,
            upstream_execution=upstream_execution,
            started_at=started_at,
            finished_at=finished_at,
            rows_in=rows_in,
            rows_out=rows_out,
            error=error,
        )


        execution_output.additional_properties = d
        return execution_output

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
