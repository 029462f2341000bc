from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="SubscriptionOutput")



@_attrs_define
class SubscriptionOutput:
    """ 
        Attributes:
            id (int):
            topic (str): e.g. pipeline:12
            created_at (datetime.datetime):
            event_types (Any | Unset): Empty = execution.failed only.
            channels (Any | Unset): in_app and/or email; empty = in_app.
     """

    id: int
    topic: str
    created_at: datetime.datetime
    event_types: Any | Unset = UNSET
    channels: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        topic = self.topic

        created_at = self.created_at.isoformat()

        event_types = self.event_types

        channels = self.channels


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "topic": topic,
            "created_at": created_at,
        })
        if event_types is not UNSET:
            field_dict["event_types"] = event_types
        if channels is not UNSET:
            field_dict["channels"] = channels

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        topic = d.pop("topic")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        event_types = d.pop("event_types", UNSET)

        channels = d.pop("channels", UNSET)

        subscription_output = cls(
            id=id,
            topic=topic,
            created_at=created_at,
            event_types=event_types,
            channels=channels,
        )


        subscription_output.additional_properties = d
        return subscription_output

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
