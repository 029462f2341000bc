from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="AuditEventOutput")



@_attrs_define
class AuditEventOutput:
    """ 
        Attributes:
            id (int):
            at (datetime.datetime):
            actor (str): The user name of who did it (empty: the system).
            actor_id (int | None):
            action (str):
            target_type (str):
            target_id (str):
            target_label (str):
            changes (Any):
            ip (None | str):
     """

    id: int
    at: datetime.datetime
    actor: str
    actor_id: int | None
    action: str
    target_type: str
    target_id: str
    target_label: str
    changes: Any
    ip: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        at = self.at.isoformat()

        actor = self.actor

        actor_id: int | None
        actor_id = self.actor_id

        action = self.action

        target_type = self.target_type

        target_id = self.target_id

        target_label = self.target_label

        changes = self.changes

        ip: None | str
        ip = self.ip


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "at": at,
            "actor": actor,
            "actor_id": actor_id,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "target_label": target_label,
            "changes": changes,
            "ip": ip,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        actor = d.pop("actor")

        def _parse_actor_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        actor_id = _parse_actor_id(d.pop("actor_id"))


        action = d.pop("action")

        target_type = d.pop("target_type")

        target_id = d.pop("target_id")

        target_label = d.pop("target_label")

        changes = d.pop("changes")

        def _parse_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip = _parse_ip(d.pop("ip"))


        audit_event_output = cls(
            id=id,
            at=at,
            actor=actor,
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_label=target_label,
            changes=changes,
            ip=ip,
        )


        audit_event_output.additional_properties = d
        return audit_event_output

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
