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
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PatchedPreferencesPatchRequest")



@_attrs_define
class PatchedPreferencesPatchRequest:
    """ Every field optional: PATCH changes only what it names.

        Attributes:
            theme (ThemeEnum | Unset): * `system` - Follow the system
                * `light` - Light
                * `dark` - Dark
                * `high-contrast` - High contrast
            time_zone (str | Unset): An IANA time zone for displayed times, e.g. Europe/Paris.
            density (DensityEnum | Unset): * `comfortable` - Comfortable
                * `compact` - Compact
            landing_page (LandingPageEnum | Unset): * `dashboard` - Dashboard
                * `pipelines` - Pipelines
                * `executions` - Executions
                * `monitoring` - Monitoring
                * `quality` - Quality
                * `inbox` - Inbox
            channels (list[ChannelsEnum] | Unset): How notifications reach you: in_app (the inbox), email.
            quiet_start (None | str | Unset): Quiet hours start (your time zone); email notifications are held until the
                end.
            quiet_end (None | str | Unset): Quiet hours end (your time zone).
     """

    theme: ThemeEnum | Unset = UNSET
    time_zone: str | Unset = UNSET
    density: DensityEnum | Unset = UNSET
    landing_page: LandingPageEnum | Unset = UNSET
    channels: list[ChannelsEnum] | Unset = UNSET
    quiet_start: None | str | Unset = UNSET
    quiet_end: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        theme: str | Unset = UNSET
        if not isinstance(self.theme, Unset):
            theme = self.theme.value


        time_zone = self.time_zone

        density: str | Unset = UNSET
        if not isinstance(self.density, Unset):
            density = self.density.value


        landing_page: str | Unset = UNSET
        if not isinstance(self.landing_page, Unset):
            landing_page = self.landing_page.value


        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = []
            for channels_item_data in self.channels:
                channels_item = channels_item_data.value
                channels.append(channels_item)



        quiet_start: None | str | Unset
        if isinstance(self.quiet_start, Unset):
            quiet_start = UNSET
        else:
            quiet_start = self.quiet_start

        quiet_end: None | str | Unset
        if isinstance(self.quiet_end, Unset):
            quiet_end = UNSET
        else:
            quiet_end = self.quiet_end


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if theme is not UNSET:
            field_dict["theme"] = theme
        if time_zone is not UNSET:
            field_dict["time_zone"] = time_zone
        if density is not UNSET:
            field_dict["density"] = density
        if landing_page is not UNSET:
            field_dict["landing_page"] = landing_page
        if channels is not UNSET:
            field_dict["channels"] = channels
        if quiet_start is not UNSET:
            field_dict["quiet_start"] = quiet_start
        if quiet_end is not UNSET:
            field_dict["quiet_end"] = quiet_end

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _theme = d.pop("theme", UNSET)
        theme: ThemeEnum | Unset
        if isinstance(_theme,  Unset):
            theme = UNSET
        else:
            theme = ThemeEnum(_theme)




        time_zone = d.pop("time_zone", UNSET)

        _density = d.pop("density", UNSET)
        density: DensityEnum | Unset
        if isinstance(_density,  Unset):
            density = UNSET
        else:
            density = DensityEnum(_density)




        _landing_page = d.pop("landing_page", UNSET)
        landing_page: LandingPageEnum | Unset
        if isinstance(_landing_page,  Unset):
            landing_page = UNSET
        else:
            landing_page = LandingPageEnum(_landing_page)




        _channels = d.pop("channels", UNSET)
        channels: list[ChannelsEnum] | Unset = UNSET
        if _channels is not UNSET:
            channels = []
            for channels_item_data in _channels:
                channels_item = ChannelsEnum(channels_item_data)



                channels.append(channels_item)


        def _parse_quiet_start(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quiet_start = _parse_quiet_start(d.pop("quiet_start", UNSET))


        def _parse_quiet_end(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quiet_end = _parse_quiet_end(d.pop("quiet_end", UNSET))


        patched_preferences_patch_request = cls(
            theme=theme,
            time_zone=time_zone,
            density=density,
            landing_page=landing_page,
            channels=channels,
            quiet_start=quiet_start,
            quiet_end=quiet_end,
        )


        patched_preferences_patch_request.additional_properties = d
        return patched_preferences_patch_request

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
