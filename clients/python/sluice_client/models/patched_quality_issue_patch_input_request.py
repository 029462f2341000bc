from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.quality_issue_severity_enum import QualityIssueSeverityEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PatchedQualityIssuePatchInputRequest")



@_attrs_define
class PatchedQualityIssuePatchInputRequest:
    """ 
        Attributes:
            severity (QualityIssueSeverityEnum | Unset): * `low` - Low
                * `medium` - Medium
                * `high` - High
                * `critical` - Critical
            assignee (None | str | Unset): A username who sees the pipeline; null: nobody.
     """

    severity: QualityIssueSeverityEnum | Unset = UNSET
    assignee: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        severity: str | Unset = UNSET
        if not isinstance(self.severity, Unset):
            severity = self.severity.value


        assignee: None | str | Unset
        if isinstance(self.assignee, Unset):
            assignee = UNSET
        else:
            assignee = self.assignee


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if severity is not UNSET:
            field_dict["severity"] = severity
        if assignee is not UNSET:
            field_dict["assignee"] = assignee

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _severity = d.pop("severity", UNSET)
        severity: QualityIssueSeverityEnum | Unset
        if isinstance(_severity,  Unset):
            severity = UNSET
        else:
            severity = QualityIssueSeverityEnum(_severity)




        def _parse_assignee(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        assignee = _parse_assignee(d.pop("assignee", UNSET))


        patched_quality_issue_patch_input_request = cls(
            severity=severity,
            assignee=assignee,
        )


        patched_quality_issue_patch_input_request.additional_properties = d
        return patched_quality_issue_patch_input_request

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
