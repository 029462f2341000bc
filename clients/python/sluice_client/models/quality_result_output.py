from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.quality_result_output_kind_enum import QualityResultOutputKindEnum
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
            kind (QualityResultOutputKindEnum | Unset): * `rule` - Rule
                * `check` - Check
            severity (str | Unset): The severity the rule or check declares (info, warning, critical); or empty.
            value (float | None | Unset): Checks: the value measured (a rate, a count, seconds...); null for rules.
            action (str | Unset): Checks: block (a failure refused the publish) or warn; empty for rules.
            details (Any | Unset): Checks: the column, the status (passed, warning, blocked), the baseline judged against
                (method, runs, center, spread, low, high, score) or the schema drift.
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
    kind: QualityResultOutputKindEnum | Unset = UNSET
    severity: str | Unset = UNSET
    value: float | None | Unset = UNSET
    action: str | Unset = UNSET
    details: Any | Unset = UNSET
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

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


        severity = self.severity

        value: float | None | Unset
        if isinstance(self.value, Unset):
            value = UNSET
        else:
            value = self.value

        action = self.action

        details = self.details

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
        if kind is not UNSET:
            field_dict["kind"] = kind
        if severity is not UNSET:
            field_dict["severity"] = severity
        if value is not UNSET:
            field_dict["value"] = value
        if action is not UNSET:
            field_dict["action"] = action
        if details is not UNSET:
            field_dict["details"] = details
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

        _kind = d.pop("kind", UNSET)
        kind: QualityResultOutputKindEnum | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = QualityResultOutputKindEnum(_kind)




        severity = d.pop("severity", UNSET)

        def _parse_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        value = _parse_value(d.pop("value", UNSET))


        action = d.pop("action", UNSET)

        details = d.pop("details", UNSET)

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
            kind=kind,
            severity=severity,
            value=value,
            action=action,
            details=details,
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
