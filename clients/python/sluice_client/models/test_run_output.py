from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.test_result_output import TestResultOutput





T = TypeVar("T", bound="TestRunOutput")



@_attrs_define
class TestRunOutput:
    """ 
        Attributes:
            status (str): The worst status of the tests: passed, failed or error.
            passed (int):
            failed (int):
            error (int):
            total (int):
            tests (list[TestResultOutput]):
     """

    status: str
    passed: int
    failed: int
    error: int
    total: int
    tests: list[TestResultOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.test_result_output import TestResultOutput # noqa: PLC0415
        status = self.status

        passed = self.passed

        failed = self.failed

        error = self.error

        total = self.total

        tests = []
        for tests_item_data in self.tests:
            tests_item = tests_item_data.to_dict()
            tests.append(tests_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "status": status,
            "passed": passed,
            "failed": failed,
            "error": error,
            "total": total,
            "tests": tests,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.test_result_output import TestResultOutput # noqa: PLC0415
        d = dict(src_dict)
        status = d.pop("status")

        passed = d.pop("passed")

        failed = d.pop("failed")

        error = d.pop("error")

        total = d.pop("total")

        tests = []
        _tests = d.pop("tests")
        for tests_item_data in (_tests):
            tests_item = TestResultOutput.from_dict(tests_item_data)



            tests.append(tests_item)


        test_run_output = cls(
            status=status,
            passed=passed,
            failed=failed,
            error=error,
            total=total,
            tests=tests,
        )


        test_run_output.additional_properties = d
        return test_run_output

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
