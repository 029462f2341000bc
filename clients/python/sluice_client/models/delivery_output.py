from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel_enum import ChannelEnum
from ..models.delivery_output_status_enum import DeliveryOutputStatusEnum
from ..models.delivery_output_trigger_enum import DeliveryOutputTriggerEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="DeliveryOutput")



@_attrs_define
class DeliveryOutput:
    """ 
        Attributes:
            id (int):
            channel (ChannelEnum): * `email` - Email
                * `webhook` - Webhook
            status (DeliveryOutputStatusEnum): * `sent` - Sent
                * `failed` - Failed
            trigger (DeliveryOutputTriggerEnum): * `schedule` - Schedule
                * `manual` - Send now
            created_at (datetime.datetime):
            detail (str | Unset):
            sent_by (None | str | Unset):
     """

    id: int
    channel: ChannelEnum
    status: DeliveryOutputStatusEnum
    trigger: DeliveryOutputTriggerEnum
    created_at: datetime.datetime
    detail: str | Unset = UNSET
    sent_by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        channel = self.channel.value

        status = self.status.value

        trigger = self.trigger.value

        created_at = self.created_at.isoformat()

        detail = self.detail

        sent_by: None | str | Unset
        if isinstance(self.sent_by, Unset):
            sent_by = UNSET
        else:
            sent_by = self.sent_by


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "channel": channel,
            "status": status,
            "trigger": trigger,
            "created_at": created_at,
        })
        if detail is not UNSET:
            field_dict["detail"] = detail
        if sent_by is not UNSET:
            field_dict["sent_by"] = sent_by

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        channel = ChannelEnum(d.pop("channel"))




        status = DeliveryOutputStatusEnum(d.pop("status"))




        trigger = DeliveryOutputTriggerEnum(d.pop("trigger"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        detail = d.pop("detail", UNSET)

        def _parse_sent_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sent_by = _parse_sent_by(d.pop("sent_by", UNSET))


        delivery_output = cls(
            id=id,
            channel=channel,
            status=status,
            trigger=trigger,
            created_at=created_at,
            detail=detail,
            sent_by=sent_by,
        )


        delivery_output.additional_properties = d
        return delivery_output

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
