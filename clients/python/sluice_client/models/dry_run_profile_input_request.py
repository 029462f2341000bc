from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="DryRunProfileInputRequest")



@_attrs_define
class DryRunProfileInputRequest:
    """ 
        Attributes:
            node (str): The node whose port to profile.
            port (str | Unset): Output port (default: first; destinations: in).
            graph (Any | Unset): A graph to try instead of the saved draft.
            sample_rows (int | Unset):  Default: 1000.
     """

    node: str
    port: str | Unset = UNSET
    graph: Any | Unset = UNSET
    sample_rows: int | Unset = 1000
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        node = self.node

        port = self.port

        graph = self.graph

        sample_rows = self.sample_rows


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "node": node,
        })
        if port is not UNSET:
            field_dict["port"] = port
        if graph is not UNSET:
            field_dict["graph"] = graph
        if sample_rows is not UNSET:
            field_dict["sample_rows"] = sample_rows

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node = d.pop("node")

        port = d.pop("port", UNSET)

        graph = d.pop("graph", UNSET)

        sample_rows = d.pop("sample_rows", UNSET)

        dry_run_profile_input_request = cls(
            node=node,
            port=port,
            graph=graph,
            sample_rows=sample_rows,
        )


        dry_run_profile_input_request.additional_properties = d
        return dry_run_profile_input_request

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
