from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.level_enum import LevelEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="NotificationOutput")



@_attrs_define
class NotificationOutput:
    """ 
        Attributes:
            id (int):
            title (str):
            created_at (datetime.datetime):
            read (bool):
            level (LevelEnum | Unset): * `info` - Info
                * `success` - Success
                * `warning` - Warning
                * `error` - Error
            body (str | Unset):
            link (str | Unset):
            read_at (datetime.datetime | None | Unset):
     """

    id: int
    title: str
    created_at: datetime.datetime
    read: bool
    level: LevelEnum | Unset = UNSET
    body: str | Unset = UNSET
    link: str | Unset = UNSET
    read_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        created_at = self.created_at.isoformat()

        read = self.read

        level: str | Unset = UNSET
        if not isinstance(self.level, Unset):
            level = self.level.value


        body = self.body

        link = self.link

        read_at: None | str | Unset
        if isinstance(self.read_at, Unset):
            read_at = UNSET
        elif isinstance(self.read_at, datetime.datetime):
            read_at = self.read_at.isoformat()
        else:
            read_at = self.read_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "title": title,
            "created_at": created_at,
            "read": read,
        })
        if level is not UNSET:
            field_dict["level"] = level
        if body is not UNSET:
            field_dict["body"] = body
        if link is not UNSET:
            field_dict["link"] = link
        if read_at is not UNSET:
            field_dict["read_at"] = read_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        read = d.pop("read")

        _level = d.pop("level", UNSET)
        level: LevelEnum | Unset
        if isinstance(_level,  Unset):
            level = UNSET
        else:
            level = LevelEnum(_level)




        body = d.pop("body", UNSET)

        link = d.pop("link", UNSET)

        def _parse_read_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                read_at_type_0 = datetime.datetime.fromisoformat(data)



                return read_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        read_at = _parse_read_at(d.pop("read_at", UNSET))


        notification_output = cls(
            id=id,
            title=title,
            created_at=created_at,
            read=read,
            level=level,
            body=body,
            link=link,
            read_at=read_at,
        )


        notification_output.additional_properties = d
        return notification_output

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
