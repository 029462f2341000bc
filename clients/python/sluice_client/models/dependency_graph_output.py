from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.graph_edge_output import GraphEdgeOutput
  from ..models.graph_node_output import GraphNodeOutput
  from ..models.pipeline_links_output import PipelineLinksOutput
  from ..models.pipeline_ref_output import PipelineRefOutput





T = TypeVar("T", bound="DependencyGraphOutput")



@_attrs_define
class DependencyGraphOutput:
    """ 
        Attributes:
            window (str): The window asked for, e.g. 24h.
            seconds (int): Its length in seconds, after the 90-day cap.
            since (datetime.datetime):
            until (datetime.datetime):
            capped (bool): True when the window asked for was over 90 days.
            pipeline (PipelineRefOutput):
            version (int | None):
            nodes (list[GraphNodeOutput]):
            edges (list[GraphEdgeOutput]):
            pipelines (PipelineLinksOutput):
     """

    window: str
    seconds: int
    since: datetime.datetime
    until: datetime.datetime
    capped: bool
    pipeline: PipelineRefOutput
    version: int | None
    nodes: list[GraphNodeOutput]
    edges: list[GraphEdgeOutput]
    pipelines: PipelineLinksOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.graph_edge_output import GraphEdgeOutput # noqa: PLC0415
        from ..models.graph_node_output import GraphNodeOutput # noqa: PLC0415
        from ..models.pipeline_links_output import PipelineLinksOutput # noqa: PLC0415
        from ..models.pipeline_ref_output import PipelineRefOutput # noqa: PLC0415
        window = self.window

        seconds = self.seconds

        since = self.since.isoformat()

        until = self.until.isoformat()

        capped = self.capped

        pipeline = self.pipeline.to_dict()

        version: int | None
        version = self.version

        nodes = []
        for nodes_item_data in self.nodes:
            nodes_item = nodes_item_data.to_dict()
            nodes.append(nodes_item)



        edges = []
        for edges_item_data in self.edges:
            edges_item = edges_item_data.to_dict()
            edges.append(edges_item)



        pipelines = self.pipelines.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "window": window,
            "seconds": seconds,
            "since": since,
            "until": until,
            "capped": capped,
            "pipeline": pipeline,
            "version": version,
            "nodes": nodes,
            "edges": edges,
            "pipelines": pipelines,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.graph_edge_output import GraphEdgeOutput # noqa: PLC0415
        from ..models.graph_node_output import GraphNodeOutput # noqa: PLC0415
        from ..models.pipeline_links_output import PipelineLinksOutput # noqa: PLC0415
        from ..models.pipeline_ref_output import PipelineRefOutput # noqa: PLC0415
        d = dict(src_dict)
        window = d.pop("window")

        seconds = d.pop("seconds")

        since = datetime.datetime.fromisoformat(d.pop("since"))




        until = datetime.datetime.fromisoformat(d.pop("until"))




        capped = d.pop("capped")

        pipeline = PipelineRefOutput.from_dict(d.pop("pipeline"))




        def _parse_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version = _parse_version(d.pop("version"))


        nodes = []
        _nodes = d.pop("nodes")
        for nodes_item_data in (_nodes):
            nodes_item = GraphNodeOutput.from_dict(nodes_item_data)



            nodes.append(nodes_item)


        edges = []
        _edges = d.pop("edges")
        for edges_item_data in (_edges):
            edges_item = GraphEdgeOutput.from_dict(edges_item_data)



            edges.append(edges_item)


        pipelines = PipelineLinksOutput.from_dict(d.pop("pipelines"))




        dependency_graph_output = cls(
            window=window,
            seconds=seconds,
            since=since,
            until=until,
            capped=capped,
            pipeline=pipeline,
            version=version,
            nodes=nodes,
            edges=edges,
            pipelines=pipelines,
        )


        dependency_graph_output.additional_properties = d
        return dependency_graph_output

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
