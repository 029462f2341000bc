from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="EventOutput")



@_attrs_define
class EventOutput:
    """ 
        Attributes:
            id (int):
            uuid (UUID):
            type_ (str):
            ts (datetime.datetime):
            topic (str):
            version (int | Unset):
            data (Any | Unset):
     """

    id: int
    uuid: UUID
    type_: str
    ts: datetime.datetime
    topic: str
    version: int | Unset = UNSET
    data: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        uuid = str(self.uuid)

        type_ = self.type_

        ts = self.ts.isoformat()

        topic = self.topic

        version = self.version

        data = self.data


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "uuid": uuid,
            "type": type_,
            "ts": ts,
            "topic": topic,
        })
        if version is not UNSET:
            field_dict["version"] = version
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        uuid = UUID(d.pop("uuid"))




        type_ = d.pop("type")

        ts = datetime.datetime.fromisoformat(d.pop("ts"))




        topic = d.pop("topic")

        version = d.pop("version", UNSET)

        data = d.pop("data", UNSET)

        event_output = cls(
            id=id,
            uuid=uuid,
            type_=type_,
            ts=ts,
            topic=topic,
            version=version,
            data=data,
        )


        event_output.additional_properties = d
        return event_output

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
