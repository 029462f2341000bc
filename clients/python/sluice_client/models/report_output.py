from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.window_enum import WindowEnum
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.report_output_blocks_item import ReportOutputBlocksItem





T = TypeVar("T", bound="ReportOutput")



@_attrs_define
class ReportOutput:
    """ 
        Attributes:
            id (int):
            name (str):
            owner (str):
            blocks (list[ReportOutputBlocksItem]):
            pipelines (list[int]):
            shared_with_users (list[str]):
            shared_with_groups (list[str]):
            email_recipients (list[str]): Only its owner and admins see where a report goes.
            webhook_url (str):
            has_webhook_secret (bool):
            can_edit (bool):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            description (str | Unset):
            window (WindowEnum | Unset): * `24h` - Last 24 hours
                * `7d` - Last 7 days
                * `30d` - Last 30 days
                * `range` - Explicit range
            since (datetime.datetime | None | Unset): Start of an explicit range (window 'range').
            until (datetime.datetime | None | Unset): End of an explicit range (window 'range').
            tags (Any | Unset): Tag names: pipelines carrying any of them.
            pipeline_owners (Any | Unset): Usernames: pipelines owned by any of them.
            schedule_cron (str | Unset): Cron expression (5 fields); empty = none.
            schedule_timezone (str | Unset):
            schedule_enabled (bool | Unset):
            next_send_at (datetime.datetime | None | Unset): Next scheduled delivery (UTC).
     """

    id: int
    name: str
    owner: str
    blocks: list[ReportOutputBlocksItem]
    pipelines: list[int]
    shared_with_users: list[str]
    shared_with_groups: list[str]
    email_recipients: list[str]
    webhook_url: str
    has_webhook_secret: bool
    can_edit: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    description: str | Unset = UNSET
    window: WindowEnum | Unset = UNSET
    since: datetime.datetime | None | Unset = UNSET
    until: datetime.datetime | None | Unset = UNSET
    tags: Any | Unset = UNSET
    pipeline_owners: Any | Unset = UNSET
    schedule_cron: str | Unset = UNSET
    schedule_timezone: str | Unset = UNSET
    schedule_enabled: bool | Unset = UNSET
    next_send_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.report_output_blocks_item import ReportOutputBlocksItem # noqa: PLC0415
        id = self.id

        name = self.name

        owner = self.owner

        blocks = []
        for blocks_item_data in self.blocks:
            blocks_item = blocks_item_data.to_dict()
            blocks.append(blocks_item)



        pipelines = self.pipelines



        shared_with_users = self.shared_with_users



        shared_with_groups = self.shared_with_groups



        email_recipients = self.email_recipients



        webhook_url = self.webhook_url

        has_webhook_secret = self.has_webhook_secret

        can_edit = self.can_edit

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        description = self.description

        window: str | Unset = UNSET
        if not isinstance(self.window, Unset):
            window = self.window.value


        since: None | str | Unset
        if isinstance(self.since, Unset):
            since = UNSET
        elif isinstance(self.since, datetime.datetime):
            since = self.since.isoformat()
        else:
            since = self.since

        until: None | str | Unset
        if isinstance(self.until, Unset):
            until = UNSET
        elif isinstance(self.until, datetime.datetime):
            until = self.until.isoformat()
        else:
            until = self.until

        tags = self.tags

        pipeline_owners = self.pipeline_owners

        schedule_cron = self.schedule_cron

        schedule_timezone = self.schedule_timezone

        schedule_enabled = self.schedule_enabled

        next_send_at: None | str | Unset
        if isinstance(self.next_send_at, Unset):
            next_send_at = UNSET
        elif isinstance(self.next_send_at, datetime.datetime):
            next_send_at = self.next_send_at.isoformat()
        else:
            next_send_at = self.next_send_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "owner": owner,
            "blocks": blocks,
            "pipelines": pipelines,
            "shared_with_users": shared_with_users,
            "shared_with_groups": shared_with_groups,
            "email_recipients": email_recipients,
            "webhook_url": webhook_url,
            "has_webhook_secret": has_webhook_secret,
            "can_edit": can_edit,
            "created_at": created_at,
            "updated_at": updated_at,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if window is not UNSET:
            field_dict["window"] = window
        if since is not UNSET:
            field_dict["since"] = since
        if until is not UNSET:
            field_dict["until"] = until
        if tags is not UNSET:
            field_dict["tags"] = tags
        if pipeline_owners is not UNSET:
            field_dict["pipeline_owners"] = pipeline_owners
        if schedule_cron is not UNSET:
            field_dict["schedule_cron"] = schedule_cron
        if schedule_timezone is not UNSET:
            field_dict["schedule_timezone"] = schedule_timezone
        if schedule_enabled is not UNSET:
            field_dict["schedule_enabled"] = schedule_enabled
        if next_send_at is not UNSET:
            field_dict["next_send_at"] = next_send_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.report_output_blocks_item import ReportOutputBlocksItem # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        owner = d.pop("owner")

        blocks = []
        _blocks = d.pop("blocks")
        for blocks_item_data in (_blocks):
            blocks_item = ReportOutputBlocksItem.from_dict(blocks_item_data)



            blocks.append(blocks_item)


        pipelines = cast(list[int], d.pop("pipelines"))


        shared_with_users = cast(list[str], d.pop("shared_with_users"))


        shared_with_groups = cast(list[str], d.pop("shared_with_groups"))


        email_recipients = cast(list[str], d.pop("email_recipients"))


        webhook_url = d.pop("webhook_url")

        has_webhook_secret = d.pop("has_webhook_secret")

        can_edit = d.pop("can_edit")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        description = d.pop("description", UNSET)

        _window = d.pop("window", UNSET)
        window: WindowEnum | Unset
        if isinstance(_window,  Unset):
            window = UNSET
        else:
            window = WindowEnum(_window)




        def _parse_since(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                since_type_0 = datetime.datetime.fromisoformat(data)



                return since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        since = _parse_since(d.pop("since", UNSET))


        def _parse_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                until_type_0 = datetime.datetime.fromisoformat(data)



                return until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        until = _parse_until(d.pop("until", UNSET))


        tags = d.pop("tags", UNSET)

        pipeline_owners = d.pop("pipeline_owners", UNSET)

        schedule_cron = d.pop("schedule_cron", UNSET)

        schedule_timezone = d.pop("schedule_timezone", UNSET)

        schedule_enabled = d.pop("schedule_enabled", UNSET)

        def _parse_next_send_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_send_at_type_0 = datetime.datetime.fromisoformat(data)



                return next_send_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_send_at = _parse_next_send_at(d.pop("next_send_at", UNSET))


        report_output = cls(
            id=id,
            name=name,
            owner=owner,
            blocks=blocks,
            pipelines=pipelines,
            shared_with_users=shared_with_users,
            shared_with_groups=shared_with_groups,
            email_recipients=email_recipients,
            webhook_url=webhook_url,
            has_webhook_secret=has_webhook_secret,
            can_edit=can_edit,
            created_at=created_at,
            updated_at=updated_at,
            description=description,
            window=window,
            since=since,
            until=until,
            tags=tags,
            pipeline_owners=pipeline_owners,
            schedule_cron=schedule_cron,
            schedule_timezone=schedule_timezone,
            schedule_enabled=schedule_enabled,
            next_send_at=next_send_at,
        )


        report_output.additional_properties = d
        return report_output

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
