from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.export_output_params import ExportOutputParams
  from ..models.graph import Graph
  from ..models.schedule_output import ScheduleOutput





T = TypeVar("T", bound="ExportOutput")



@_attrs_define
class ExportOutput:
    """ The portable document made by export (and read by import).

        Attributes:
            sluice (int): Document format version.
            name (str):
            slug (str):
            description (str):
            tags (list[str]):
            status (str):
            schedule (ScheduleOutput):
            params (ExportOutputParams):
            concurrency_limit (int):
            priority (int):
            graph (Graph):
     """

    sluice: int
    name: str
    slug: str
    description: str
    tags: list[str]
    status: str
    schedule: ScheduleOutput
    params: ExportOutputParams
    concurrency_limit: int
    priority: int
    graph: Graph
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.export_output_params import ExportOutputParams # noqa: PLC0415
        from ..models.graph import Graph # noqa: PLC0415
        from ..models.schedule_output import ScheduleOutput # noqa: PLC0415
        sluice = self.sluice

        name = self.name

        slug = self.slug

        description = self.description

        tags = self.tags



        status = self.status

        schedule = self.schedule.to_dict()

        params = self.params.to_dict()

        concurrency_limit = self.concurrency_limit

        priority = self.priority

        graph = self.graph.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "sluice": sluice,
            "name": name,
            "slug": slug,
            "description": description,
            "tags": tags,
            "status": status,
            "schedule": schedule,
            "params": params,
            "concurrency_limit": concurrency_limit,
            "priority": priority,
            "graph": graph,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.export_output_params import ExportOutputParams # noqa: PLC0415
        from ..models.graph import Graph # noqa: PLC0415
        from ..models.schedule_output import ScheduleOutput # noqa: PLC0415
        d = dict(src_dict)
        sluice = d.pop("sluice")

        name = d.pop("name")

        slug = d.pop("slug")

        description = d.pop("description")

        tags = cast(list[str], d.pop("tags"))


        status = d.pop("status")

        schedule = ScheduleOutput.from_dict(d.pop("schedule"))




        params = ExportOutputParams.from_dict(d.pop("params"))




        concurrency_limit = d.pop("concurrency_limit")

        priority = d.pop("priority")

        graph = Graph.from_dict(d.pop("graph"))




        export_output = cls(
            sluice=sluice,
            name=name,
            slug=slug,
            description=description,
            tags=tags,
            status=status,
            schedule=schedule,
            params=params,
            concurrency_limit=concurrency_limit,
            priority=priority,
            graph=graph,
        )


        export_output.additional_properties = d
        return export_output

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
