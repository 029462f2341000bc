from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.role_enum import RoleEnum
from ..types import UNSET, Unset






T = TypeVar("T", bound="UserInviteInputRequest")



@_attrs_define
class UserInviteInputRequest:
    """ 
        Attributes:
            email (str):
            role (RoleEnum): * `viewer` - Viewer
                * `editor` - Editor
                * `operator` - Operator
                * `admin` - Admin
            username (str | Unset): Default: the email's local part (made unique). Default: ''.
            first_name (str | Unset):  Default: ''.
            last_name (str | Unset):  Default: ''.
     """

    email: str
    role: RoleEnum
    username: str | Unset = ''
    first_name: str | Unset = ''
    last_name: str | Unset = ''
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        email = self.email

        role = self.role.value

        username = self.username

        first_name = self.first_name

        last_name = self.last_name


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "email": email,
            "role": role,
        })
        if username is not UNSET:
            field_dict["username"] = username
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        role = RoleEnum(d.pop("role"))




        username = d.pop("username", UNSET)

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        user_invite_input_request = cls(
            email=email,
            role=role,
            username=username,
            first_name=first_name,
            last_name=last_name,
        )


        user_invite_input_request.additional_properties = d
        return user_invite_input_request

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
