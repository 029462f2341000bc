from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="UserInvitedOutput")



@_attrs_define
class UserInvitedOutput:
    """ 
        Attributes:
            id (int):
            username (str): Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.
            email (str):
            first_name (str):
            last_name (str):
            role (None | str): viewer, editor, operator or admin (staff accounts are admins); null: no role.
            is_active (bool): Designates whether this user should be treated as active. Unselect this instead of deleting
                accounts.
            invite_pending (bool): Invited and has not set a password yet.
            last_login (datetime.datetime | None):
            date_joined (datetime.datetime):
            invite_url (str): The one-time link (also emailed).
            invite_sent (bool): Whether the email went out.
     """

    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    role: None | str
    is_active: bool
    invite_pending: bool
    last_login: datetime.datetime | None
    date_joined: datetime.datetime
    invite_url: str
    invite_sent: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        username = self.username

        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        role: None | str
        role = self.role

        is_active = self.is_active

        invite_pending = self.invite_pending

        last_login: None | str
        if isinstance(self.last_login, datetime.datetime):
            last_login = self.last_login.isoformat()
        else:
            last_login = self.last_login

        date_joined = self.date_joined.isoformat()

        invite_url = self.invite_url

        invite_sent = self.invite_sent


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "username": username,
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "role": role,
            "is_active": is_active,
            "invite_pending": invite_pending,
            "last_login": last_login,
            "date_joined": date_joined,
            "invite_url": invite_url,
            "invite_sent": invite_sent,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        username = d.pop("username")

        email = d.pop("email")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        def _parse_role(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role = _parse_role(d.pop("role"))


        is_active = d.pop("is_active")

        invite_pending = d.pop("invite_pending")

        def _parse_last_login(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_login_type_0 = datetime.datetime.fromisoformat(data)



                return last_login_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_login = _parse_last_login(d.pop("last_login"))


        date_joined = datetime.datetime.fromisoformat(d.pop("date_joined"))




        invite_url = d.pop("invite_url")

        invite_sent = d.pop("invite_sent")

        user_invited_output = cls(
            id=id,
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            is_active=is_active,
            invite_pending=invite_pending,
            last_login=last_login,
            date_joined=date_joined,
            invite_url=invite_url,
            invite_sent=invite_sent,
        )


        user_invited_output.additional_properties = d
        return user_invited_output

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
