from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.profile_output import ProfileOutput





T = TypeVar("T", bound="FileProfileOutput")



@_attrs_define
class FileProfileOutput:
    """ 
        Attributes:
            path (str):
            format_ (str):
            size (int):
            profile (ProfileOutput):
     """

    path: str
    format_: str
    size: int
    profile: ProfileOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.profile_output import ProfileOutput # noqa: PLC0415
        path = self.path

        format_ = self.format_

        size = self.size

        profile = self.profile.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "path": path,
            "format": format_,
            "size": size,
            "profile": profile,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.profile_output import ProfileOutput # noqa: PLC0415
        d = dict(src_dict)
        path = d.pop("path")

        format_ = d.pop("format")

        size = d.pop("size")

        profile = ProfileOutput.from_dict(d.pop("profile"))




        file_profile_output = cls(
            path=path,
            format_=format_,
            size=size,
            profile=profile,
        )


        file_profile_output.additional_properties = d
        return file_profile_output

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
