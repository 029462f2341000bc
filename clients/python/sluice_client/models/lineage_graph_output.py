from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.dataset_output import DatasetOutput
  from ..models.lineage_edge_output import LineageEdgeOutput
  from ..models.lineage_pipeline_output import LineagePipelineOutput





T = TypeVar("T", bound="LineageGraphOutput")



@_attrs_define
class LineageGraphOutput:
    """ 
        Attributes:
            pipelines (list[LineagePipelineOutput]):
            datasets (list[DatasetOutput]):
            edges (list[LineageEdgeOutput]):
     """

    pipelines: list[LineagePipelineOutput]
    datasets: list[DatasetOutput]
    edges: list[LineageEdgeOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.dataset_output import DatasetOutput # noqa: PLC0415
        from ..models.lineage_edge_output import LineageEdgeOutput # noqa: PLC0415
        from ..models.lineage_pipeline_output import LineagePipelineOutput # noqa: PLC0415
        pipelines = []
        for pipelines_item_data in self.pipelines:
            pipelines_item = pipelines_item_data.to_dict()
            pipelines.append(pipelines_item)



        datasets = []
        for datasets_item_data in self.datasets:
            datasets_item = datasets_item_data.to_dict()
            datasets.append(datasets_item)



        edges = []
        for edges_item_data in self.edges:
            edges_item = edges_item_data.to_dict()
            edges.append(edges_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pipelines": pipelines,
            "datasets": datasets,
            "edges": edges,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dataset_output import DatasetOutput # noqa: PLC0415
        from ..models.lineage_edge_output import LineageEdgeOutput # noqa: PLC0415
        from ..models.lineage_pipeline_output import LineagePipelineOutput # noqa: PLC0415
        d = dict(src_dict)
        pipelines = []
        _pipelines = d.pop("pipelines")
        for pipelines_item_data in (_pipelines):
            pipelines_item = LineagePipelineOutput.from_dict(pipelines_item_data)



            pipelines.append(pipelines_item)


        datasets = []
        _datasets = d.pop("datasets")
        for datasets_item_data in (_datasets):
            datasets_item = DatasetOutput.from_dict(datasets_item_data)



            datasets.append(datasets_item)


        edges = []
        _edges = d.pop("edges")
        for edges_item_data in (_edges):
            edges_item = LineageEdgeOutput.from_dict(edges_item_data)



            edges.append(edges_item)


        lineage_graph_output = cls(
            pipelines=pipelines,
            datasets=datasets,
            edges=edges,
        )


        lineage_graph_output.additional_properties = d
        return lineage_graph_output

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
