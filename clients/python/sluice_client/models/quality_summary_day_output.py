from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="QualitySummaryDayOutput")



@_attrs_define
class QualitySummaryDayOutput:
    """ 
        Attributes:
            node_key (str):
            rule (str):
            day (datetime.date):
            runs (int):
            passed (int):
            failed (int):
            pass_rate (float):
            rows_checked (int):
            failed_rows (int):
     """

    node_key: str
    rule: str
    day: datetime.date
    runs: int
    passed: int
    failed: int
    pass_rate: float
    rows_checked: int
    failed_rows: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        node_key = self.node_key

        rule = self.rule

        day = self.day.isoformat()

        runs = self.runs

        passed = self.passed

        failed = self.failed

        pass_rate = self.pass_rate

        rows_checked = self.rows_checked

        failed_rows = self.failed_rows


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "node_key": node_key,
            "rule": rule,
            "day": day,
            "runs": runs,
            "passed": passed,
            "failed": failed,
            "pass_rate": pass_rate,
            "rows_checked": rows_checked,
            "failed_rows": failed_rows,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node_key = d.pop("node_key")

        rule = d.pop("rule")

        day = datetime.date.fromisoformat(d.pop("day"))




        runs = d.pop("runs")

        passed = d.pop("passed")

        failed = d.pop("failed")

        pass_rate = d.pop("pass_rate")

        rows_checked = d.pop("rows_checked")

        failed_rows = d.pop("failed_rows")

        quality_summary_day_output = cls(
            node_key=node_key,
            rule=rule,
            day=day,
            runs=runs,
            passed=passed,
            failed=failed,
            pass_rate=pass_rate,
            rows_checked=rows_checked,
            failed_rows=failed_rows,
        )


        quality_summary_day_output.additional_properties = d
        return quality_summary_day_output

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
