from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="TestResultOutput")



@_attrs_define
class TestResultOutput:
    """ 
        Attributes:
            name (str):
            status (str): passed, failed (outputs differ) or error (could not run).
            error (None | str): Why it failed or could not run.
            node (None | str): The node concerned, if any.
            duration_ms (int):
            outputs (Any): Per expectation: passed, rows, expected_rows, schema differences, missing_rows, extra_rows,
                changed cells and counts.
            id (int | Unset): The stored test's id (absent for an offline run).
            problems (Any | Unset): Validation problems of the pipeline.
            expected_error (str | Unset): The error the test expected, as it came.
     """

    name: str
    status: str
    error: None | str
    node: None | str
    duration_ms: int
    outputs: Any
    id: int | Unset = UNSET
    problems: Any | Unset = UNSET
    expected_error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        status = self.status

        error: None | str
        error = self.error

        node: None | str
        node = self.node

        duration_ms = self.duration_ms

        outputs = self.outputs

        id = self.id

        problems = self.problems

        expected_error = self.expected_error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "status": status,
            "error": error,
            "node": node,
            "duration_ms": duration_ms,
            "outputs": outputs,
        })
        if id is not UNSET:
            field_dict["id"] = id
        if problems is not UNSET:
            field_dict["problems"] = problems
        if expected_error is not UNSET:
            field_dict["expected_error"] = expected_error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        status = d.pop("status")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        def _parse_node(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        node = _parse_node(d.pop("node"))


        duration_ms = d.pop("duration_ms")

        outputs = d.pop("outputs")

        id = d.pop("id", UNSET)

        problems = d.pop("problems", UNSET)

        expected_error = d.pop("expected_error", UNSET)

        test_result_output = cls(
            name=name,
            status=status,
            error=error,
            node=node,
            duration_ms=duration_ms,
            outputs=outputs,
            id=id,
            problems=problems,
            expected_error=expected_error,
        )


        test_result_output.additional_properties = d
        return test_result_output

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
