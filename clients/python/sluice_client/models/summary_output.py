from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.execution_figures_output import ExecutionFiguresOutput
  from ..models.failing_node_output import FailingNodeOutput
  from ..models.failing_pipeline_output import FailingPipelineOutput
  from ..models.workers_output import WorkersOutput





T = TypeVar("T", bound="SummaryOutput")



@_attrs_define
class SummaryOutput:
    """ 
        Attributes:
            window (str): The window asked for, e.g. 24h.
            seconds (int): Its length in seconds, after the 90-day cap.
            since (datetime.datetime):
            until (datetime.datetime):
            capped (bool): True when the window asked for was over 90 days.
            executions (ExecutionFiguresOutput):
            running_now (int):
            queued_now (int):
            workers (WorkersOutput):
            top_failing_pipelines (list[FailingPipelineOutput]):
            top_failing_nodes (list[FailingNodeOutput]):
     """

    window: str
    seconds: int
    since: datetime.datetime
    until: datetime.datetime
    capped: bool
    executions: ExecutionFiguresOutput
    running_now: int
    queued_now: int
    workers: WorkersOutput
    top_failing_pipelines: list[FailingPipelineOutput]
    top_failing_nodes: list[FailingNodeOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.execution_figures_output import ExecutionFiguresOutput # noqa: PLC0415
        from ..models.failing_node_output import FailingNodeOutput # noqa: PLC0415
        from ..models.failing_pipeline_output import FailingPipelineOutput # noqa: PLC0415
        from ..models.workers_output import WorkersOutput # noqa: PLC0415
        window = self.window

        seconds = self.seconds

        since = self.since.isoformat()

        until = self.until.isoformat()

        capped = self.capped

        executions = self.executions.to_dict()

        running_now = self.running_now

        queued_now = self.queued_now

        workers = self.workers.to_dict()

        top_failing_pipelines = []
        for top_failing_pipelines_item_data in self.top_failing_pipelines:
            top_failing_pipelines_item = top_failing_pipelines_item_data.to_dict()
            top_failing_pipelines.append(top_failing_pipelines_item)



        top_failing_nodes = []
        for top_failing_nodes_item_data in self.top_failing_nodes:
            top_failing_nodes_item = top_failing_nodes_item_data.to_dict()
            top_failing_nodes.append(top_failing_nodes_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "window": window,
            "seconds": seconds,
            "since": since,
            "until": until,
            "capped": capped,
            "executions": executions,
            "running_now": running_now,
            "queued_now": queued_now,
            "workers": workers,
            "top_failing_pipelines": top_failing_pipelines,
            "top_failing_nodes": top_failing_nodes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.execution_figures_output import ExecutionFiguresOutput # noqa: PLC0415
        from ..models.failing_node_output import FailingNodeOutput # noqa: PLC0415
        from ..models.failing_pipeline_output import FailingPipelineOutput # noqa: PLC0415
        from ..models.workers_output import WorkersOutput # noqa: PLC0415
        d = dict(src_dict)
        window = d.pop("window")

        seconds = d.pop("seconds")

        since = datetime.datetime.fromisoformat(d.pop("since"))




        until = datetime.datetime.fromisoformat(d.pop("until"))




        capped = d.pop("capped")

        executions = ExecutionFiguresOutput.from_dict(d.pop("executions"))




        running_now = d.pop("running_now")

        queued_now = d.pop("queued_now")

        workers = WorkersOutput.from_dict(d.pop("workers"))




        top_failing_pipelines = []
        _top_failing_pipelines = d.pop("top_failing_pipelines")
        for top_failing_pipelines_item_data in (_top_failing_pipelines):
            top_failing_pipelines_item = FailingPipelineOutput.from_dict(top_failing_pipelines_item_data)



            top_failing_pipelines.append(top_failing_pipelines_item)


        top_failing_nodes = []
        _top_failing_nodes = d.pop("top_failing_nodes")
        for top_failing_nodes_item_data in (_top_failing_nodes):
            top_failing_nodes_item = FailingNodeOutput.from_dict(top_failing_nodes_item_data)



            top_failing_nodes.append(top_failing_nodes_item)


        summary_output = cls(
            window=window,
            seconds=seconds,
            since=since,
            until=until,
            capped=capped,
            executions=executions,
            running_now=running_now,
            queued_now=queued_now,
            workers=workers,
            top_failing_pipelines=top_failing_pipelines,
            top_failing_nodes=top_failing_nodes,
        )


        summary_output.additional_properties = d
        return summary_output

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
