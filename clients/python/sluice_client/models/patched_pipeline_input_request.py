from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.pipeline_backend_enum import PipelineBackendEnum
from ..models.pipeline_status_enum import PipelineStatusEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.graph_request import GraphRequest
  from ..models.patched_pipeline_input_request_default_params import PatchedPipelineInputRequestDefaultParams





T = TypeVar("T", bound="PatchedPipelineInputRequest")



@_attrs_define
class PatchedPipelineInputRequest:
    """ 
        Attributes:
            name (str | Unset):
            slug (str | Unset): Unique; made from the name when omitted.
            description (str | Unset):
            tags (list[str] | Unset): Tag names: lowercase letters, digits, '-' and '_'.
            status (PipelineStatusEnum | Unset): * `active` - Active
                * `paused` - Paused
                * `archived` - Archived
            schedule_cron (str | Unset): 5-field cron expression; empty for none.
            schedule_timezone (str | Unset): IANA time zone, e.g. Europe/Paris.
            schedule_enabled (bool | Unset):
            default_params (PatchedPipelineInputRequestDefaultParams | Unset):
            concurrency_limit (int | Unset):
            priority (int | Unset):
            backend (PipelineBackendEnum | Unset): * `polars` - Polars (in the workers)
                * `sql` - SQL (pushed down into the database)
                * `spark` - Spark (on a Spark connection)
            graph (GraphRequest | Unset):
     """

    name: str | Unset = UNSET
    slug: str | Unset = UNSET
    description: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    status: PipelineStatusEnum | Unset = UNSET
    schedule_cron: str | Unset = UNSET
    schedule_timezone: str | Unset = UNSET
    schedule_enabled: bool | Unset = UNSET
    default_params: PatchedPipelineInputRequestDefaultParams | Unset = UNSET
    concurrency_limit: int | Unset = UNSET
    priority: int | Unset = UNSET
    backend: PipelineBackendEnum | Unset = UNSET
    graph: GraphRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.graph_request import GraphRequest # noqa: PLC0415
        from ..models.patched_pipeline_input_request_default_params import PatchedPipelineInputRequestDefaultParams # noqa: PLC0415
        name = self.name

        slug = self.slug

        description = self.description

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags



        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        schedule_cron = self.schedule_cron

        schedule_timezone = self.schedule_timezone

        schedule_enabled = self.schedule_enabled

        default_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.default_params, Unset):
            default_params = self.default_params.to_dict()

        concurrency_limit = self.concurrency_limit

        priority = self.priority

        backend: str | Unset = UNSET
        if not isinstance(self.backend, Unset):
            backend = self.backend.value


        graph: dict[str, Any] | Unset = UNSET
        if not isinstance(self.graph, Unset):
            graph = self.graph.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if slug is not UNSET:
            field_dict["slug"] = slug
        if description is not UNSET:
            field_dict["description"] = description
        if tags is not UNSET:
            field_dict["tags"] = tags
        if status is not UNSET:
            field_dict["status"] = status
        if schedule_cron is not UNSET:
            field_dict["schedule_cron"] = schedule_cron
        if schedule_timezone is not UNSET:
            field_dict["schedule_timezone"] = schedule_timezone
        if schedule_enabled is not UNSET:
            field_dict["schedule_enabled"] = schedule_enabled
        if default_params is not UNSET:
            field_dict["default_params"] = default_params
        if concurrency_limit is not UNSET:
            field_dict["concurrency_limit"] = concurrency_limit
        if priority is not UNSET:
            field_dict["priority"] = priority
        if backend is not UNSET:
            field_dict["backend"] = backend
        if graph is not UNSET:
            field_dict["graph"] = graph

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.graph_request import GraphRequest # noqa: PLC0415
        from ..models.patched_pipeline_input_request_default_params import PatchedPipelineInputRequestDefaultParams # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        slug = d.pop("slug", UNSET)

        description = d.pop("description", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))


        _status = d.pop("status", UNSET)
        status: PipelineStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = PipelineStatusEnum(_status)




        schedule_cron = d.pop("schedule_cron", UNSET)

        schedule_timezone = d.pop("schedule_timezone", UNSET)

        schedule_enabled = d.pop("schedule_enabled", UNSET)

        _default_params = d.pop("default_params", UNSET)
        default_params: PatchedPipelineInputRequestDefaultParams | Unset
        if isinstance(_default_params,  Unset):
            default_params = UNSET
        else:
            default_params = PatchedPipelineInputRequestDefaultParams.from_dict(_default_params)




        concurrency_limit = d.pop("concurrency_limit", UNSET)

        priority = d.pop("priority", UNSET)

        _backend = d.pop("backend", UNSET)
        backend: PipelineBackendEnum | Unset
        if isinstance(_backend,  Unset):
            backend = UNSET
        else:
            backend = PipelineBackendEnum(_backend)




        _graph = d.pop("graph", UNSET)
        graph: GraphRequest | Unset
        if isinstance(_graph,  Unset):
            graph = UNSET
        else:
            graph = GraphRequest.from_dict(_graph)




        patched_pipeline_input_request = cls(
            name=name,
            slug=slug,
            description=description,
            tags=tags,
            status=status,
            schedule_cron=schedule_cron,
            schedule_timezone=schedule_timezone,
            schedule_enabled=schedule_enabled,
            default_params=default_params,
            concurrency_limit=concurrency_limit,
            priority=priority,
            backend=backend,
            graph=graph,
        )


        patched_pipeline_input_request.additional_properties = d
        return patched_pipeline_input_request

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
