from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.graph_request import GraphRequest
  from ..models.test_input_request import TestInputRequest





T = TypeVar("T", bound="OfflineRunInputRequest")



@_attrs_define
class OfflineRunInputRequest:
    """ 
        Attributes:
            graph (GraphRequest):
            tests (list[TestInputRequest]): The tests to run over it.
     """

    graph: GraphRequest
    tests: list[TestInputRequest]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.graph_request import GraphRequest # noqa: PLC0415
        from ..models.test_input_request import TestInputRequest # noqa: PLC0415
        graph = self.graph.to_dict()

        tests = []
        for tests_item_data in self.tests:
            tests_item = tests_item_data.to_dict()
            tests.append(tests_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "graph": graph,
            "tests": tests,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.graph_request import GraphRequest # noqa: PLC0415
        from ..models.test_input_request import TestInputRequest # noqa: PLC0415
        d = dict(src_dict)
        graph = GraphRequest.from_dict(d.pop("graph"))




        tests = []
        _tests = d.pop("tests")
        for tests_item_data in (_tests):
            tests_item = TestInputRequest.from_dict(tests_item_data)



            tests.append(tests_item)


        offline_run_input_request = cls(
            graph=graph,
            tests=tests,
        )


        offline_run_input_request.additional_properties = d
        return offline_run_input_request

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
