from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.linked_pipeline_output import LinkedPipelineOutput
  from ..models.pipeline_link_output import PipelineLinkOutput





T = TypeVar("T", bound="PipelineLinksOutput")



@_attrs_define
class PipelineLinksOutput:
    """ 
        Attributes:
            root (int):
            nodes (list[LinkedPipelineOutput]):
            edges (list[PipelineLinkOutput]):
     """

    root: int
    nodes: list[LinkedPipelineOutput]
    edges: list[PipelineLinkOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.linked_pipeline_output import LinkedPipelineOutput # noqa: PLC0415
        from ..models.pipeline_link_output import PipelineLinkOutput # noqa: PLC0415
        root = self.root

        nodes = []
        for nodes_item_data in self.nodes:
            nodes_item = nodes_item_data.to_dict()
            nodes.append(nodes_item)



        edges = []
        for edges_item_data in self.edges:
            edges_item = edges_item_data.to_dict()
            edges.append(edges_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "root": root,
            "nodes": nodes,
            "edges": edges,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.linked_pipeline_output import LinkedPipelineOutput # noqa: PLC0415
        from ..models.pipeline_link_output import PipelineLinkOutput # noqa: PLC0415
        d = dict(src_dict)
        root = d.pop("root")

        nodes = []
        _nodes = d.pop("nodes")
        for nodes_item_data in (_nodes):
            nodes_item = LinkedPipelineOutput.from_dict(nodes_item_data)



            nodes.append(nodes_item)


        edges = []
        _edges = d.pop("edges")
        for edges_item_data in (_edges):
            edges_item = PipelineLinkOutput.from_dict(edges_item_data)



            edges.append(edges_item)


        pipeline_links_output = cls(
            root=root,
            nodes=nodes,
            edges=edges,
        )


        pipeline_links_output.additional_properties = d
        return pipeline_links_output

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
