from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.graph_request import GraphRequest





T = TypeVar("T", bound="ValidateInputRequest")



@_attrs_define
class ValidateInputRequest:
    """ 
        Attributes:
            graph (GraphRequest | Unset):
     """

    graph: GraphRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.graph_request import GraphRequest # noqa: PLC0415
        graph: dict[str, Any] | Unset = UNSET
        if not isinstance(self.graph, Unset):
            graph = self.graph.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if graph is not UNSET:
            field_dict["graph"] = graph

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.graph_request import GraphRequest # noqa: PLC0415
        d = dict(src_dict)
        _graph = d.pop("graph", UNSET)
        graph: GraphRequest | Unset
        if isinstance(_graph,  Unset):
            graph = UNSET
        else:
            graph = GraphRequest.from_dict(_graph)




        validate_input_request = cls(
            graph=graph,
        )


        validate_input_request.additional_properties = d
        return validate_input_request

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
