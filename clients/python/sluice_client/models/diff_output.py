from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.edge import Edge
  from ..models.node import Node
  from ..models.node_change_output import NodeChangeOutput





T = TypeVar("T", bound="DiffOutput")



@_attrs_define
class DiffOutput:
    """ 
        Attributes:
            from_version (int):
            to_version (int):
            nodes_added (list[Node]):
            nodes_removed (list[Node]):
            nodes_changed (list[NodeChangeOutput]):
            edges_added (list[Edge]):
            edges_removed (list[Edge]):
     """

    from_version: int
    to_version: int
    nodes_added: list[Node]
    nodes_removed: list[Node]
    nodes_changed: list[NodeChangeOutput]
    edges_added: list[Edge]
    edges_removed: list[Edge]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.edge import Edge # noqa: PLC0415
        from ..models.node import Node # noqa: PLC0415
        from ..models.node_change_output import NodeChangeOutput # noqa: PLC0415
        from_version = self.from_version

        to_version = self.to_version

        nodes_added = []
        for nodes_added_item_data in self.nodes_added:
            nodes_added_item = nodes_added_item_data.to_dict()
            nodes_added.append(nodes_added_item)



        nodes_removed = []
        for nodes_removed_item_data in self.nodes_removed:
            nodes_removed_item = nodes_removed_item_data.to_dict()
            nodes_removed.append(nodes_removed_item)



        nodes_changed = []
        for nodes_changed_item_data in self.nodes_changed:
            nodes_changed_item = nodes_changed_item_data.to_dict()
            nodes_changed.append(nodes_changed_item)



        edges_added = []
        for edges_added_item_data in self.edges_added:
            edges_added_item = edges_added_item_data.to_dict()
            edges_added.append(edges_added_item)



        edges_removed = []
        for edges_removed_item_data in self.edges_removed:
            edges_removed_item = edges_removed_item_data.to_dict()
            edges_removed.append(edges_removed_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "from_version": from_version,
            "to_version": to_version,
            "nodes_added": nodes_added,
            "nodes_removed": nodes_removed,
            "nodes_changed": nodes_changed,
            "edges_added": edges_added,
            "edges_removed": edges_removed,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.edge import Edge # noqa: PLC0415
        from ..models.node import Node # noqa: PLC0415
        from ..models.node_change_output import NodeChangeOutput # noqa: PLC0415
        d = dict(src_dict)
        from_version = d.pop("from_version")

        to_version = d.pop("to_version")

        nodes_added = []
        _nodes_added = d.pop("nodes_added")
        for nodes_added_item_data in (_nodes_added):
            nodes_added_item = Node.from_dict(nodes_added_item_data)



            nodes_added.append(nodes_added_item)


        nodes_removed = []
        _nodes_removed = d.pop("nodes_removed")
        for nodes_removed_item_data in (_nodes_removed):
            nodes_removed_item = Node.from_dict(nodes_removed_item_data)



            nodes_removed.append(nodes_removed_item)


        nodes_changed = []
        _nodes_changed = d.pop("nodes_changed")
        for nodes_changed_item_data in (_nodes_changed):
            nodes_changed_item = NodeChangeOutput.from_dict(nodes_changed_item_data)



            nodes_changed.append(nodes_changed_item)


        edges_added = []
        _edges_added = d.pop("edges_added")
        for edges_added_item_data in (_edges_added):
            edges_added_item = Edge.from_dict(edges_added_item_data)



            edges_added.append(edges_added_item)


        edges_removed = []
        _edges_removed = d.pop("edges_removed")
        for edges_removed_item_data in (_edges_removed):
            edges_removed_item = Edge.from_dict(edges_removed_item_data)



            edges_removed.append(edges_removed_item)


        diff_output = cls(
            from_version=from_version,
            to_version=to_version,
            nodes_added=nodes_added,
            nodes_removed=nodes_removed,
            nodes_changed=nodes_changed,
            edges_added=edges_added,
            edges_removed=edges_removed,
        )


        diff_output.additional_properties = d
        return diff_output

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
