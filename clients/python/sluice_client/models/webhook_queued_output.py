from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="WebhookQueuedOutput")



@_attrs_define
class WebhookQueuedOutput:
    """ 
        Attributes:
            queued (bool):
            sync (int | None):
     """

    queued: bool
    sync: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        queued = self.queued

        sync: int | None
        sync = self.sync


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "queued": queued,
            "sync": sync,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        queued = d.pop("queued")

        def _parse_sync(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        sync = _parse_sync(d.pop("sync"))


        webhook_queued_output = cls(
            queued=queued,
            sync=sync,
        )


        webhook_queued_output.additional_properties = d
        return webhook_queued_output

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
