from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.export_spec_output_params import ExportSpecOutputParams
  from ..models.graph import Graph
  from ..models.schedule_output import ScheduleOutput





T = TypeVar("T", bound="ExportSpecOutput")



@_attrs_define
class ExportSpecOutput:
    """ 
        Attributes:
            status (str):
            schedule (ScheduleOutput):
            params (ExportSpecOutputParams):
            concurrency_limit (int):
            priority (int):
            graph (Graph):
     """

    status: str
    schedule: ScheduleOutput
    params: ExportSpecOutputParams
    concurrency_limit: int
    priority: int
    graph: Graph
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.export_spec_output_params import ExportSpecOutputParams # noqa: PLC0415
        from ..models.graph import Graph # noqa: PLC0415
        from ..models.schedule_output import ScheduleOutput # noqa: PLC0415
        status = self.status

        schedule = self.schedule.to_dict()

        params = self.params.to_dict()

        concurrency_limit = self.concurrency_limit

        priority = self.priority

        graph = self.graph.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
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
        from ..models.export_spec_output_params import ExportSpecOutputParams # noqa: PLC0415
        from ..models.graph import Graph # noqa: PLC0415
        from ..models.schedule_output import ScheduleOutput # noqa: PLC0415
        d = dict(src_dict)
        status = d.pop("status")

        schedule = ScheduleOutput.from_dict(d.pop("schedule"))




        params = ExportSpecOutputParams.from_dict(d.pop("params"))




        concurrency_limit = d.pop("concurrency_limit")

        priority = d.pop("priority")

        graph = Graph.from_dict(d.pop("graph"))




        export_spec_output = cls(
            status=status,
            schedule=schedule,
            params=params,
            concurrency_limit=concurrency_limit,
            priority=priority,
            graph=graph,
        )


        export_spec_output.additional_properties = d
        return export_spec_output

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
