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
  from ..models.patched_report_input_request_blocks_item import PatchedReportInputRequestBlocksItem





T = TypeVar("T", bound="PatchedReportInputRequest")



@_attrs_define
class PatchedReportInputRequest:
    """ 
        Attributes:
            name (str | Unset):
            description (str | Unset):
            blocks (list[PatchedReportInputRequestBlocksItem] | Unset): The blocks, in order (at most 30).
            window (WindowEnum | Unset): * `24h` - Last 24 hours
                * `7d` - Last 7 days
                * `30d` - Last 30 days
                * `range` - Explicit range
            since (datetime.datetime | None | Unset): Start of the range (window=range).
            until (datetime.datetime | None | Unset): End of the range (window=range).
            pipelines (list[int] | Unset): Pipeline ids the report covers (each visible to the owner); empty = every visible
                pipeline.
            tags (list[str] | Unset): Only pipelines carrying one of these tags.
            pipeline_owners (list[str] | Unset): Usernames: only pipelines owned by one of them.
            shared_with_users (list[str] | Unset): Usernames.
            shared_with_groups (list[str] | Unset): Group names.
            schedule_cron (str | Unset):
            schedule_timezone (str | Unset):
            schedule_enabled (bool | Unset):
            email_recipients (list[str] | Unset):
            webhook_url (str | Unset):
            webhook_secret (str | Unset): Write-only: signs webhook bodies.
     """

    name: str | Unset = UNSET
    description: str | Unset = UNSET
    blocks: list[PatchedReportInputRequestBlocksItem] | Unset = UNSET
    window: WindowEnum | Unset = UNSET
    since: datetime.datetime | None | Unset = UNSET
    until: datetime.datetime | None | Unset = UNSET
    pipelines: list[int] | Unset = UNSET
    tags: list[str] | Unset = UNSET
    pipeline_owners: list[str] | Unset = UNSET
    shared_with_users: list[str] | Unset = UNSET
    shared_with_groups: list[str] | Unset = UNSET
    schedule_cron: str | Unset = UNSET
    schedule_timezone: str | Unset = UNSET
    schedule_enabled: bool | Unset = UNSET
    email_recipients: list[str] | Unset = UNSET
    webhook_url: str | Unset = UNSET
    webhook_secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.patched_report_input_request_blocks_item import PatchedReportInputRequestBlocksItem # noqa: PLC0415
        name = self.name

        description = self.description

        blocks: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.blocks, Unset):
            blocks = []
            for blocks_item_data in self.blocks:
                blocks_item = blocks_item_data.to_dict()
                blocks.append(blocks_item)



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

        pipelines: list[int] | Unset = UNSET
        if not isinstance(self.pipelines, Unset):
            pipelines = self.pipelines



        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags



        pipeline_owners: list[str] | Unset = UNSET
        if not isinstance(self.pipeline_owners, Unset):
            pipeline_owners = self.pipeline_owners



        shared_with_users: list[str] | Unset = UNSET
        if not isinstance(self.shared_with_users, Unset):
            shared_with_users = self.shared_with_users



        shared_with_groups: list[str] | Unset = UNSET
        if not isinstance(self.shared_with_groups, Unset):
            shared_with_groups = self.shared_with_groups



        schedule_cron = self.schedule_cron

        schedule_timezone = self.schedule_timezone

        schedule_enabled = self.schedule_enabled

        email_recipients: list[str] | Unset = UNSET
        if not isinstance(self.email_recipients, Unset):
            email_recipients = self.email_recipients



        webhook_url = self.webhook_url

        webhook_secret = self.webhook_secret


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if blocks is not UNSET:
            field_dict["blocks"] = blocks
        if window is not UNSET:
            field_dict["window"] = window
        if since is not UNSET:
            field_dict["since"] = since
        if until is not UNSET:
            field_dict["until"] = until
        if pipelines is not UNSET:
            field_dict["pipelines"] = pipelines
        if tags is not UNSET:
            field_dict["tags"] = tags
        if pipeline_owners is not UNSET:
            field_dict["pipeline_owners"] = pipeline_owners
        if shared_with_users is not UNSET:
            field_dict["shared_with_users"] = shared_with_users
        if shared_with_groups is not UNSET:
            field_dict["shared_with_groups"] = shared_with_groups
        if schedule_cron is not UNSET:
            field_dict["schedule_cron"] = schedule_cron
        if schedule_timezone is not UNSET:
            field_dict["schedule_timezone"] = schedule_timezone
        if schedule_enabled is not UNSET:
            field_dict["schedule_enabled"] = schedule_enabled
        if email_recipients is not UNSET:
            field_dict["email_recipients"] = email_recipients
        if webhook_url is not UNSET:
            field_dict["webhook_url"] = webhook_url
        if webhook_secret is not UNSET:
            field_dict["webhook_secret"] = webhook_secret

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.patched_report_input_request_blocks_item import PatchedReportInputRequestBlocksItem # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        _blocks = d.pop("blocks", UNSET)
        blocks: list[PatchedReportInputRequestBlocksItem] | Unset = UNSET
        if _blocks is not UNSET:
            blocks = []
            for blocks_item_data in _blocks:
                blocks_item = PatchedReportInputRequestBlocksItem.from_dict(blocks_item_data)



                blocks.append(blocks_item)


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


        pipelines = cast(list[int], d.pop("pipelines", UNSET))


        tags = cast(list[str], d.pop("tags", UNSET))


        pipeline_owners = cast(list[str], d.pop("pipeline_owners", UNSET))


        shared_with_users = cast(list[str], d.pop("shared_with_users", UNSET))


        shared_with_groups = cast(list[str], d.pop("shared_with_groups", UNSET))


        schedule_cron = d.pop("schedule_cron", UNSET)

        schedule_timezone = d.pop("schedule_timezone", UNSET)

        schedule_enabled = d.pop("schedule_enabled", UNSET)

        email_recipients = cast(list[str], d.pop("email_recipients", UNSET))


        webhook_url = d.pop("webhook_url", UNSET)

        webhook_secret = d.pop("webhook_secret", UNSET)

        patched_report_input_request = cls(
            name=name,
            description=description,
            blocks=blocks,
            window=window,
            since=since,
            until=until,
            pipelines=pipelines,
            tags=tags,
            pipeline_owners=pipeline_owners,
            shared_with_users=shared_with_users,
            shared_with_groups=shared_with_groups,
            schedule_cron=schedule_cron,
            schedule_timezone=schedule_timezone,
            schedule_enabled=schedule_enabled,
            email_recipients=email_recipients,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
        )


        patched_report_input_request.additional_properties = d
        return patched_report_input_request

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
