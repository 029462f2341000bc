from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.edge import Edge
  from ..models.group import Group
  from ..models.node import Node
  from ..models.validation_output import ValidationOutput





T = TypeVar("T", bound="GraphSaveOutput")



@_attrs_define
class GraphSaveOutput:
    """ 
        Attributes:
            nodes (list[Node]):
            edges (list[Edge]):
            validation (ValidationOutput):
            groups (list[Group] | Unset): Canvas groups of nodes (the builder's Group): purely visual, never part of
                execution or of the version's content hash. Absent when there are none.
     """

    nodes: list[Node]
    edges: list[Edge]
    validation: ValidationOutput
    groups: list[Group] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.edge import Edge # noqa: PLC0415
        from ..models.group import Group # noqa: PLC0415
        from ..models.node import Node # noqa: PLC0415
        from ..models.validation_output import ValidationOutput # noqa: PLC0415
        nodes = []
        for nodes_item_data in self.nodes:
            nodes_item = nodes_item_data.to_dict()
            nodes.append(nodes_item)



        edges = []
        for edges_item_data in self.edges:
            edges_item = edges_item_data.to_dict()
            edges.append(edges_item)



        validation = self.validation.to_dict()

        groups: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.groups, Unset):
            groups = []
            for groups_item_data in self.groups:
                groups_item = groups_item_data.to_dict()
                groups.append(groups_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "nodes": nodes,
            "edges": edges,
            "validation": validation,
        })
        if groups is not UNSET:
            field_dict["groups"] = groups

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.edge import Edge # noqa: PLC0415
        from ..models.group import Group # noqa: PLC0415
        from ..models.node import Node # noqa: PLC0415
        from ..models.validation_output import ValidationOutput # noqa: PLC0415
        d = dict(src_dict)
        nodes = []
        _nodes = d.pop("nodes")
        for nodes_item_data in (_nodes):
            nodes_item = Node.from_dict(nodes_item_data)



            nodes.append(nodes_item)


        edges = []
        _edges = d.pop("edges")
        for edges_item_data in (_edges):
            edges_item = Edge.from_dict(edges_item_data)



            edges.append(edges_item)


        validation = ValidationOutput.from_dict(d.pop("validation"))




        _groups = d.pop("groups", UNSET)
        groups: list[Group] | Unset = UNSET
        if _groups is not UNSET:
            groups = []
            for groups_item_data in _groups:
                groups_item = Group.from_dict(groups_item_data)



                groups.append(groups_item)


        graph_save_output = cls(
            nodes=nodes,
            edges=edges,
            validation=validation,
            groups=groups,
        )


        graph_save_output.additional_properties = d
        return graph_save_output

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
