from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.quality_issue_severity_enum import QualityIssueSeverityEnum
from ..models.quality_issue_status_enum import QualityIssueStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="QualityIssueOutput")



@_attrs_define
class QualityIssueOutput:
    """ 
        Attributes:
            id (int):
            pipeline (int):
            pipeline_slug (str):
            node_key (str):
            rule (str):
            rule_type (str):
            first_seen (datetime.datetime):
            last_seen (datetime.datetime): When the rule last failed.
            last_run_at (datetime.datetime): The run the issue was last judged on (failing or passing).
            last_execution (int | None):
            acknowledged_by (None | str): Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.
            assignee (None | str): Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.
            resolved_by (None | str): Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.
            resolved_execution (int | None):
            status (QualityIssueStatusEnum | Unset): * `failing` - Failing
                * `passing` - Passing
                * `resolved` - Resolved
            severity (QualityIssueSeverityEnum | Unset): * `low` - Low
                * `medium` - Medium
                * `high` - High
                * `critical` - Critical
            rule_severity (str | Unset): The severity the rule or check declares (info, warning, critical), which sets the
                issue's (low, medium, critical); empty: judged from the failure rate.
            affected_runs (int | Unset):
            affected_rows (int | Unset):
            last_failure_rate (float | Unset):
            reopened_count (int | Unset):
            acknowledged_at (datetime.datetime | None | Unset):
            resolved_at (datetime.datetime | None | Unset):
            created_at (datetime.datetime | Unset):
            updated_at (datetime.datetime | Unset):
     """

    id: int
    pipeline: int
    pipeline_slug: str
    node_key: str
    rule: str
    rule_type: str
    first_seen: datetime.datetime
    last_seen: datetime.datetime
    last_run_at: datetime.datetime
    last_execution: int | None
    acknowledged_by: None | str
    assignee: None | str
    resolved_by: None | str
    resolved_execution: int | None
    status: QualityIssueStatusEnum | Unset = UNSET
    severity: QualityIssueSeverityEnum | Unset = UNSET
    rule_severity: str | Unset = UNSET
    affected_runs: int | Unset = UNSET
    affected_rows: int | Unset = UNSET
    last_failure_rate: float | Unset = UNSET
    reopened_count: int | Unset = UNSET
    acknowledged_at: datetime.datetime | None | Unset = UNSET
    resolved_at: datetime.datetime | None | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        pipeline = self.pipeline

        pipeline_slug = self.pipeline_slug

        node_key = self.node_key

        rule = self.rule

        rule_type = self.rule_type

        first_seen = self.first_seen.isoformat()

        last_seen = self.last_seen.isoformat()

        last_run_at = self.last_run_at.isoformat()

        last_execution: int | None
        last_execution = self.last_execution

        acknowledged_by: None | str
        acknowledged_by = self.acknowledged_by

        assignee: None | str
        assignee = self.assignee

        resolved_by: None | str
        resolved_by = self.resolved_by

        resolved_execution: int | None
        resolved_execution = self.resolved_execution

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        severity: str | Unset = UNSET
        if not isinstance(self.severity, Unset):
            severity = self.severity.value


        rule_severity = self.rule_severity

        affected_runs = self.affected_runs

        affected_rows = self.affected_rows

        last_failure_rate = self.last_failure_rate

        reopened_count = self.reopened_count

        acknowledged_at: None | str | Unset
        if isinstance(self.acknowledged_at, Unset):
            acknowledged_at = UNSET
        elif isinstance(self.acknowledged_at, datetime.datetime):
            acknowledged_at = self.acknowledged_at.isoformat()
        else:
            acknowledged_at = self.acknowledged_at

        resolved_at: None | str | Unset
        if isinstance(self.resolved_at, Unset):
            resolved_at = UNSET
        elif isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "pipeline": pipeline,
            "pipeline_slug": pipeline_slug,
            "node_key": node_key,
            "rule": rule,
            "rule_type": rule_type,
            "first_seen": first_seen,
            "last_seen": last_seen,
            "last_run_at": last_run_at,
            "last_execution": last_execution,
            "acknowledged_by": acknowledged_by,
            "assignee": assignee,
            "resolved_by": resolved_by,
            "resolved_execution": resolved_execution,
        })
        if status is not UNSET:
            field_dict["status"] = status
        if severity is not UNSET:
            field_dict["severity"] = severity
        if rule_severity is not UNSET:
            field_dict["rule_severity"] = rule_severity
        if affected_runs is not UNSET:
            field_dict["affected_runs"] = affected_runs
        if affected_rows is not UNSET:
            field_dict["affected_rows"] = affected_rows
        if last_failure_rate is not UNSET:
            field_dict["last_failure_rate"] = last_failure_rate
        if reopened_count is not UNSET:
            field_dict["reopened_count"] = reopened_count
        if acknowledged_at is not UNSET:
            field_dict["acknowledged_at"] = acknowledged_at
        if resolved_at is not UNSET:
            field_dict["resolved_at"] = resolved_at
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        pipeline = d.pop("pipeline")

        pipeline_slug = d.pop("pipeline_slug")

        node_key = d.pop("node_key")

        rule = d.pop("rule")

        rule_type = d.pop("rule_type")

        first_seen = datetime.datetime.fromisoformat(d.pop("first_seen"))




        last_seen = datetime.datetime.fromisoformat(d.pop("last_seen"))




        last_run_at = datetime.datetime.fromisoformat(d.pop("last_run_at"))




        def _parse_last_execution(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_execution = _parse_last_execution(d.pop("last_execution"))


        def _parse_acknowledged_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        acknowledged_by = _parse_acknowledged_by(d.pop("acknowledged_by"))


        def _parse_assignee(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        assignee = _parse_assignee(d.pop("assignee"))


        def _parse_resolved_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolved_by = _parse_resolved_by(d.pop("resolved_by"))


        def _parse_resolved_execution(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        resolved_execution = _parse_resolved_execution(d.pop("resolved_execution"))


        _status = d.pop("status", UNSET)
        status: QualityIssueStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = QualityIssueStatusEnum(_status)




        _severity = d.pop("severity", UNSET)
        severity: QualityIssueSeverityEnum | Unset
        if isinstance(_severity,  Unset):
            severity = UNSET
        else:
            severity = QualityIssueSeverityEnum(_severity)




        rule_severity = d.pop("rule_severity", UNSET)

        affected_runs = d.pop("affected_runs", UNSET)

        affected_rows = d.pop("affected_rows", UNSET)

        last_failure_rate = d.pop("last_failure_rate", UNSET)

        reopened_count = d.pop("reopened_count", UNSET)

        def _parse_acknowledged_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acknowledged_at_type_0 = datetime.datetime.fromisoformat(data)



                return acknowledged_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        acknowledged_at = _parse_acknowledged_at(d.pop("acknowledged_at", UNSET))


        def _parse_resolved_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)



                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at", UNSET))


        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at,  Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)




        quality_issue_output = cls(
            id=id,
            pipeline=pipeline,
            pipeline_slug=pipeline_slug,
            node_key=node_key,
            rule=rule,
            rule_type=rule_type,
            first_seen=first_seen,
            last_seen=last_seen,
            last_run_at=last_run_at,
            last_execution=last_execution,
            acknowledged_by=acknowledged_by,
            assignee=assignee,
            resolved_by=resolved_by,
            resolved_execution=resolved_execution,
            status=status,
            severity=severity,
            rule_severity=rule_severity,
            affected_runs=affected_runs,
            affected_rows=affected_rows,
            last_failure_rate=last_failure_rate,
            reopened_count=reopened_count,
            acknowledged_at=acknowledged_at,
            resolved_at=resolved_at,
            created_at=created_at,
            updated_at=updated_at,
        )


        quality_issue_output.additional_properties = d
        return quality_issue_output

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
