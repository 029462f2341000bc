from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.pipeline_backend_enum import PipelineBackendEnum
from ..models.pipeline_status_enum import PipelineStatusEnum
from typing import cast
import datetime






T = TypeVar("T", bound="PipelineOutput")



@_attrs_define
class PipelineOutput:
    """ 
        Attributes:
            id (int):
            name (str):
            slug (str):
            description (str):
            owner (str):
            tags (list[str]):
            status (PipelineStatusEnum): * `active` - Active
                * `paused` - Paused
                * `archived` - Archived
            schedule_cron (str): Cron expression (5 fields); empty = none.
            schedule_timezone (str):
            schedule_enabled (bool):
            default_params (Any):
            concurrency_limit (int): Most executions of this pipeline that may run at once; more wait queued.
            priority (int): 0 (lowest) to 9 (highest).
            backend (PipelineBackendEnum): * `polars` - Polars (in the workers)
                * `sql` - SQL (pushed down into the database)
                * `spark` - Spark (on a Spark connection)
            current_version (int | None): Number of the latest version, null before the first.
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
     """

    id: int
    name: str
    slug: str
    description: str
    owner: str
    tags: list[str]
    status: PipelineStatusEnum
    schedule_cron: str
    schedule_timezone: str
    schedule_enabled: bool
    default_params: Any
    concurrency_limit: int
    priority: int
    backend: PipelineBackendEnum
    current_version: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        slug = self.slug

        description = self.description

        owner = self.owner

        tags = self.tags



        status = self.status.value

        schedule_cron = self.schedule_cron

        schedule_timezone = self.schedule_timezone

        schedule_enabled = self.schedule_enabled

        default_params = self.default_params

        concurrency_limit = self.concurrency_limit

        priority = self.priority

        backend = self.backend.value

        current_version: int | None
        current_version = self.current_version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "slug": slug,
            "description": description,
            "owner": owner,
            "tags": tags,
            "status": status,
            "schedule_cron": schedule_cron,
            "schedule_timezone": schedule_timezone,
            "schedule_enabled": schedule_enabled,
            "default_params": default_params,
            "concurrency_limit": concurrency_limit,
            "priority": priority,
            "backend": backend,
            "current_version": current_version,
            "created_at": created_at,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        slug = d.pop("slug")

        description = d.pop("description")

        owner = d.pop("owner")

        tags = cast(list[str], d.pop("tags"))


        status = PipelineStatusEnum(d.pop("status"))




        schedule_cron = d.pop("schedule_cron")

        schedule_timezone = d.pop("schedule_timezone")

        schedule_enabled = d.pop("schedule_enabled")

        default_params = d.pop("default_params")

        concurrency_limit = d.pop("concurrency_limit")

        priority = d.pop("priority")

        backend = PipelineBackendEnum(d.pop("backend"))




        def _parse_current_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        current_version = _parse_current_version(d.pop("current_version"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        pipeline_output = cls(
            id=id,
            name=name,
            slug=slug,
            description=description,
            owner=owner,
            tags=tags,
            status=status,
            schedule_cron=schedule_cron,
            schedule_timezone=schedule_timezone,
            schedule_enabled=schedule_enabled,
            default_params=default_params,
            concurrency_limit=concurrency_limit,
            priority=priority,
            backend=backend,
            current_version=current_version,
            created_at=created_at,
            updated_at=updated_at,
        )


        pipeline_output.additional_properties = d
        return pipeline_output

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
