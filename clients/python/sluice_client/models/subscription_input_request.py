from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="SubscriptionInputRequest")



@_attrs_define
class SubscriptionInputRequest:
    """ 
        Attributes:
            topic (str): e.g. pipeline:12
            event_types (list[str] | Unset): Empty means execution.failed.
            channels (list[str] | Unset): in_app and/or email; empty means in_app.
     """

    topic: str
    event_types: list[str] | Unset = UNSET
    channels: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        topic = self.topic

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = self.event_types



        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "topic": topic,
        })
        if event_types is not UNSET:
            field_dict["event_types"] = event_types
        if channels is not UNSET:
            field_dict["channels"] = channels

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        topic = d.pop("topic")

        event_types = cast(list[str], d.pop("event_types", UNSET))


        channels = cast(list[str], d.pop("channels", UNSET))


        subscription_input_request = cls(
            topic=topic,
            event_types=event_types,
            channels=channels,
        )


        subscription_input_request.additional_properties = d
        return subscription_input_request

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
