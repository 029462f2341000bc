from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.column_link_output import ColumnLinkOutput
  from ..models.column_ref_output import ColumnRefOutput





T = TypeVar("T", bound="ColumnLineageOutput")



@_attrs_define
class ColumnLineageOutput:
    """ 
        Attributes:
            node (str):
            port (str):
            column (str):
            upstream (list[ColumnRefOutput]): Columns it comes from, nearest first.
            downstream (list[ColumnRefOutput]): Columns it feeds, nearest first.
            edges (list[ColumnLinkOutput]): Links between them, upstream to downstream.
            consumers (list[str]): Nodes receiving a downstream column.
     """

    node: str
    port: str
    column: str
    upstream: list[ColumnRefOutput]
    downstream: list[ColumnRefOutput]
    edges: list[ColumnLinkOutput]
    consumers: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.column_link_output import ColumnLinkOutput # noqa: PLC0415
        from ..models.column_ref_output import ColumnRefOutput # noqa: PLC0415
        node = self.node

        port = self.port

        column = self.column

        upstream = []
        for upstream_item_data in self.upstream:
            upstream_item = upstream_item_data.to_dict()
            upstream.append(upstream_item)



        downstream = []
        for downstream_item_data in self.downstream:
            downstream_item = downstream_item_data.to_dict()
            downstream.append(downstream_item)



        edges = []
        for edges_item_data in self.edges:
            edges_item = edges_item_data.to_dict()
            edges.append(edges_item)



        consumers = self.consumers




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "node": node,
            "port": port,
            "column": column,
            "upstream": upstream,
            "downstream": downstream,
            "edges": edges,
            "consumers": consumers,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.column_link_output import ColumnLinkOutput # noqa: PLC0415
        from ..models.column_ref_output import ColumnRefOutput # noqa: PLC0415
        d = dict(src_dict)
        node = d.pop("node")

        port = d.pop("port")

        column = d.pop("column")

        upstream = []
        _upstream = d.pop("upstream")
        for upstream_item_data in (_upstream):
            upstream_item = ColumnRefOutput.from_dict(upstream_item_data)



            upstream.append(upstream_item)


        downstream = []
        _downstream = d.pop("downstream")
        for downstream_item_data in (_downstream):
            downstream_item = ColumnRefOutput.from_dict(downstream_item_data)



            downstream.append(downstream_item)


        edges = []
        _edges = d.pop("edges")
        for edges_item_data in (_edges):
            edges_item = ColumnLinkOutput.from_dict(edges_item_data)



            edges.append(edges_item)


        consumers = cast(list[str], d.pop("consumers"))


        column_lineage_output = cls(
            node=node,
            port=port,
            column=column,
            upstream=upstream,
            downstream=downstream,
            edges=edges,
            consumers=consumers,
        )


        column_lineage_output.additional_properties = d
        return column_lineage_output

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
