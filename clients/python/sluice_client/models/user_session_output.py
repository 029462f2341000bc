from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="UserSessionOutput")



@_attrs_define
class UserSessionOutput:
    """ 
        Attributes:
            id (int):
            user_agent (str):
            ip (None | str):
            created_at (datetime.datetime):
            last_seen_at (datetime.datetime):
            current (bool): The session of this request.
     """

    id: int
    user_agent: str
    ip: None | str
    created_at: datetime.datetime
    last_seen_at: datetime.datetime
    current: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        user_agent = self.user_agent

        ip: None | str
        ip = self.ip

        created_at = self.created_at.isoformat()

        last_seen_at = self.last_seen_at.isoformat()

        current = self.current


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "user_agent": user_agent,
            "ip": ip,
            "created_at": created_at,
            "last_seen_at": last_seen_at,
            "current": current,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        user_agent = d.pop("user_agent")

        def _parse_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip = _parse_ip(d.pop("ip"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        last_seen_at = datetime.datetime.fromisoformat(d.pop("last_seen_at"))




        current = d.pop("current")

        user_session_output = cls(
            id=id,
            user_agent=user_agent,
            ip=ip,
            created_at=created_at,
            last_seen_at=last_seen_at,
            current=current,
        )


        user_session_output.additional_properties = d
        return user_session_output

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
