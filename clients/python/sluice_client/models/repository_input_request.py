from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="RepositoryInputRequest")



@_attrs_define
class RepositoryInputRequest:
    """ 
        Attributes:
            name (str):
            url (str): https://, ssh://, user@host:path or an allowed local path
            branch (str | Unset):  Default: 'main'.
            folder (str | Unset):  Default: ''.
            credentials (int | None | Unset): Id of a git connection (deploy key or token)
            known_hosts (str | Unset):  Default: ''.
            sync_interval_minutes (int | Unset):  Default: 15.
            push_back (bool | Unset):  Default: False.
            push_branch (str | Unset):  Default: ''.
     """

    name: str
    url: str
    branch: str | Unset = 'main'
    folder: str | Unset = ''
    credentials: int | None | Unset = UNSET
    known_hosts: str | Unset = ''
    sync_interval_minutes: int | Unset = 15
    push_back: bool | Unset = False
    push_branch: str | Unset = ''
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        url = self.url

        branch = self.branch

        folder = self.folder

        credentials: int | None | Unset
        if isinstance(self.credentials, Unset):
            credentials = UNSET
        else:
            credentials = self.credentials

        known_hosts = self.known_hosts

        sync_interval_minutes = self.sync_interval_minutes

        push_back = self.push_back

        push_branch = self.push_branch


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "url": url,
        })
        if branch is not UNSET:
            field_dict["branch"] = branch
        if folder is not UNSET:
            field_dict["folder"] = folder
        if credentials is not UNSET:
            field_dict["credentials"] = credentials
        if known_hosts is not UNSET:
            field_dict["known_hosts"] = known_hosts
        if sync_interval_minutes is not UNSET:
            field_dict["sync_interval_minutes"] = sync_interval_minutes
        if push_back is not UNSET:
            field_dict["push_back"] = push_back
        if push_branch is not UNSET:
            field_dict["push_branch"] = push_branch

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        url = d.pop("url")

        branch = d.pop("branch", UNSET)

        folder = d.pop("folder", UNSET)

        def _parse_credentials(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        credentials = _parse_credentials(d.pop("credentials", UNSET))


        known_hosts = d.pop("known_hosts", UNSET)

        sync_interval_minutes = d.pop("sync_interval_minutes", UNSET)

        push_back = d.pop("push_back", UNSET)

        push_branch = d.pop("push_branch", UNSET)

        repository_input_request = cls(
            name=name,
            url=url,
            branch=branch,
            folder=folder,
            credentials=credentials,
            known_hosts=known_hosts,
            sync_interval_minutes=sync_interval_minutes,
            push_back=push_back,
            push_branch=push_branch,
        )


        repository_input_request.additional_properties = d
        return repository_input_request

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
