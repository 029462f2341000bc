from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.quality_result_output_sample_item import QualityResultOutputSampleItem





T = TypeVar("T", bound="QualityResultOutput")



@_attrs_define
class QualityResultOutput:
    """ 
        Attributes:
            id (int):
            pipeline (int):
            pipeline_slug (str):
            version (int):
            execution (int):
            node_key (str):
            rule (str):
            rule_type (str):
            passed (bool):
            sample (list[QualityResultOutputSampleItem]): A few failing rows, secrets masked.
            run_at (datetime.datetime):
            rows_checked (int | Unset):
            failed_rows (int | Unset):
            failure_rate (float | Unset):
            message (str | Unset):
            created_at (datetime.datetime | Unset):
     """

    id: int
    pipeline: int
    pipeline_slug: str
    version: int
    execution: int
    node_key: str
    rule: str
    rule_type: str
    passed: bool
    sample: list[QualityResultOutputSampleItem]
    run_at: datetime.datetime
    rows_checked: int | Unset = UNSET
    failed_rows: int | Unset = UNSET
    failure_rate: float | Unset = UNSET
    message: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.quality_result_output_sample_item import QualityResultOutputSampleItem # noqa: PLC0415
        id = self.id

        pipeline = self.pipeline

        pipeline_slug = self.pipeline_slug

        version = self.version

        execution = self.execution

        node_key = self.node_key

        rule = self.rule

        rule_type = self.rule_type

        passed = self.passed

        sample = []
        for sample_item_data in self.sample:
            sample_item = sample_item_data.to_dict()
            sample.append(sample_item)



        run_at = self.run_at.isoformat()

        rows_checked = self.rows_checked

        failed_rows = self.failed_rows

        failure_rate = self.failure_rate

        message = self.message

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "pipeline": pipeline,
            "pipeline_slug": pipeline_slug,
            "version": version,
            "execution": execution,
            "node_key": node_key,
            "rule": rule,
            "rule_type": rule_type,
            "passed": passed,
            "sample": sample,
            "run_at": run_at,
        })
        if rows_checked is not UNSET:
            field_dict["rows_checked"] = rows_checked
        if failed_rows is not UNSET:
            field_dict["failed_rows"] = failed_rows
        if failure_rate is not UNSET:
            field_dict["failure_rate"] = failure_rate
        if message is not UNSET:
            field_dict["message"] = message
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quality_result_output_sample_item import QualityResultOutputSampleItem # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        pipeline = d.pop("pipeline")

        pipeline_slug = d.pop("pipeline_slug")

        version = d.pop("version")

        execution = d.pop("execution")

        node_key = d.pop("node_key")

        rule = d.pop("rule")

        rule_type = d.pop("rule_type")

        passed = d.pop("passed")

        sample = []
        _sample = d.pop("sample")
        for sample_item_data in (_sample):
            sample_item = QualityResultOutputSampleItem.from_dict(sample_item_data)



            sample.append(sample_item)


        run_at = datetime.datetime.fromisoformat(d.pop("run_at"))




        rows_checked = d.pop("rows_checked", UNSET)

        failed_rows = d.pop("failed_rows", UNSET)

        failure_rate = d.pop("failure_rate", UNSET)

        message = d.pop("message", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        quality_result_output = cls(
            id=id,
            pipeline=pipeline,
            pipeline_slug=pipeline_slug,
            version=version,
            execution=execution,
            node_key=node_key,
            rule=rule,
            rule_type=rule_type,
            passed=passed,
            sample=sample,
            run_at=run_at,
            rows_checked=rows_checked,
            failed_rows=failed_rows,
            failure_rate=failure_rate,
            message=message,
            created_at=created_at,
        )


        quality_result_output.additional_properties = d
        return quality_result_output

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
