from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.alert_status_enum import AlertStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="Alert")



@_attrs_define
class Alert:
    """ 
        Attributes:
            id (int):
            rule (int):
            rule_name (str):
            kind (str):
            subject (str): What it is about: pipeline:3, host:web-1, worker:w1
            message (str):
            fired_at (datetime.datetime):
            acknowledged_by (None | str): Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.
            status (AlertStatusEnum | Unset): * `firing` - Firing
                * `resolved` - Resolved Default: AlertStatusEnum.FIRING.
            value (float | None | Unset):
            resolved_at (datetime.datetime | None | Unset):
            acknowledged_at (datetime.datetime | None | Unset):
            deliveries (Any | Unset):
     """

    id: int
    rule: int
    rule_name: str
    kind: str
    subject: str
    message: str
    fired_at: datetime.datetime
    acknowledged_by: None | str
    status: AlertStatusEnum | Unset = AlertStatusEnum.FIRING
    value: float | None | Unset = UNSET
    resolved_at: datetime.datetime | None | Unset = UNSET
    acknowledged_at: datetime.datetime | None | Unset = UNSET
    deliveries: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        rule = self.rule

        rule_name = self.rule_name

        kind = self.kind

        subject = self.subject

        message = self.message

        fired_at = self.fired_at.isoformat()

        acknowledged_by: None | str
        acknowledged_by = self.acknowledged_by

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        value: float | None | Unset
        if isinstance(self.value, Unset):
            value = UNSET
        else:
            value = self.value

        resolved_at: None | str | Unset
        if isinstance(self.resolved_at, Unset):
            resolved_at = UNSET
        elif isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        acknowledged_at: None | str | Unset
        if isinstance(self.acknowledged_at, Unset):
            acknowledged_at = UNSET
        elif isinstance(self.acknowledged_at, datetime.datetime):
            acknowledged_at = self.acknowledged_at.isoformat()
        else:
            acknowledged_at = self.acknowledged_at

        deliveries = self.deliveries


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "rule": rule,
            "rule_name": rule_name,
            "kind": kind,
            "subject": subject,
            "message": message,
            "fired_at": fired_at,
            "acknowledged_by": acknowledged_by,
        })
        if status is not UNSET:
            field_dict["status"] = status
        if value is not UNSET:
            field_dict["value"] = value
        if resolved_at is not UNSET:
            field_dict["resolved_at"] = resolved_at
        if acknowledged_at is not UNSET:
            field_dict["acknowledged_at"] = acknowledged_at
        if deliveries is not UNSET:
            field_dict["deliveries"] = deliveries

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        rule = d.pop("rule")

        rule_name = d.pop("rule_name")

        kind = d.pop("kind")

        subject = d.pop("subject")

        message = d.pop("message")

        fired_at = datetime.datetime.fromisoformat(d.pop("fired_at"))




        def _parse_acknowledged_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        acknowledged_by = _parse_acknowledged_by(d.pop("acknowledged_by"))


        _status = d.pop("status", UNSET)
        status: AlertStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = AlertStatusEnum(_status)




        def _parse_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        value = _parse_value(d.pop("value", UNSET))


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


        deliveries = d.pop("deliveries", UNSET)

        alert = cls(
            id=id,
            rule=rule,
            rule_name=rule_name,
            kind=kind,
            subject=subject,
            message=message,
            fired_at=fired_at,
            acknowledged_by=acknowledged_by,
            status=status,
            value=value,
            resolved_at=resolved_at,
            acknowledged_at=acknowledged_at,
            deliveries=deliveries,
        )


        alert.additional_properties = d
        return alert

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
