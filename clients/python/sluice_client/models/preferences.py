from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channels_enum import ChannelsEnum
from ..models.density_enum import DensityEnum
from ..models.landing_page_enum import LandingPageEnum
from ..models.theme_enum import ThemeEnum
from typing import cast
import datetime






T = TypeVar("T", bound="Preferences")



@_attrs_define
class Preferences:
    """ 
        Attributes:
            theme (ThemeEnum): * `system` - Follow the system
                * `light` - Light
                * `dark` - Dark
                * `high-contrast` - High contrast
            time_zone (str): An IANA time zone for displayed times, e.g. Europe/Paris.
            density (DensityEnum): * `comfortable` - Comfortable
                * `compact` - Compact
            landing_page (LandingPageEnum): * `dashboard` - Dashboard
                * `pipelines` - Pipelines
                * `executions` - Executions
                * `monitoring` - Monitoring
                * `quality` - Quality
                * `inbox` - Inbox
            channels (list[ChannelsEnum]): How notifications reach you: in_app (the inbox), email.
            quiet_start (None | str): Quiet hours start (your time zone); email notifications are held until the end.
            quiet_end (None | str): Quiet hours end (your time zone).
            updated_at (datetime.datetime | None):
     """

    theme: ThemeEnum
    time_zone: str
    density: DensityEnum
    landing_page: LandingPageEnum
    channels: list[ChannelsEnum]
    quiet_start: None | str
    quiet_end: None | str
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        theme = self.theme.value

        time_zone = self.time_zone

        density = self.density.value

        landing_page = self.landing_page.value

        channels = []
        for channels_item_data in self.channels:
            channels_item = channels_item_data.value
            channels.append(channels_item)



        quiet_start: None | str
        quiet_start = self.quiet_start

        quiet_end: None | str
        quiet_end = self.quiet_end

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "theme": theme,
            "time_zone": time_zone,
            "density": density,
            "landing_page": landing_page,
            "channels": channels,
            "quiet_start": quiet_start,
            "quiet_end": quiet_end,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        theme = ThemeEnum(d.pop("theme"))




        time_zone = d.pop("time_zone")

        density = DensityEnum(d.pop("density"))




        landing_page = LandingPageEnum(d.pop("landing_page"))




        channels = []
        _channels = d.pop("channels")
        for channels_item_data in (_channels):
            channels_item = ChannelsEnum(channels_item_data)



            channels.append(channels_item)


        def _parse_quiet_start(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        quiet_start = _parse_quiet_start(d.pop("quiet_start"))


        def _parse_quiet_end(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        quiet_end = _parse_quiet_end(d.pop("quiet_end"))


        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))


        preferences = cls(
            theme=theme,
            time_zone=time_zone,
            density=density,
            landing_page=landing_page,
            channels=channels,
            quiet_start=quiet_start,
            quiet_end=quiet_end,
            updated_at=updated_at,
        )


        preferences.additional_properties = d
        return preferences

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
