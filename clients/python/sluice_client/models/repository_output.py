from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="RepositoryOutput")



@_attrs_define
class RepositoryOutput:
    """ 
        Attributes:
            id (int):
            name (str):
            url (str): https://, ssh://, user@host:path, or an allowed local path.
            credentials (int | None):
            owner (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            branch (str | Unset):
            folder (str | Unset): Relative to the root; '' is all.
            known_hosts (str | Unset): SSH host keys (ssh-keyscan output).
            sync_interval_minutes (int | Unset): 0: only on webhook or by hand.
            push_back (bool | Unset):
            push_branch (str | Unset):
            last_sync_at (datetime.datetime | None | Unset):
            last_commit (str | Unset):
            last_status (str | Unset):
            last_error (str | Unset):
     """

    id: int
    name: str
    url: str
    credentials: int | None
    owner: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    branch: str | Unset = UNSET
    folder: str | Unset = UNSET
    known_hosts: str | Unset = UNSET
    sync_interval_minutes: int | Unset = UNSET
    push_back: bool | Unset = UNSET
    push_branch: str | Unset = UNSET
    last_sync_at: datetime.datetime | None | Unset = UNSET
    last_commit: str | Unset = UNSET
    last_status: str | Unset = UNSET
    last_error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        url = self.url

        credentials: int | None
        credentials = self.credentials

        owner = self.owner

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        branch = self.branch

        folder = self.folder

        known_hosts = self.known_hosts

        sync_interval_minutes = self.sync_interval_minutes

        push_back = self.push_back

        push_branch = self.push_branch

        last_sync_at: None | str | Unset
        if isinstance(self.last_sync_at, Unset):
            last_sync_at = UNSET
        elif isinstance(self.last_sync_at, datetime.datetime):
            last_sync_at = self.last_sync_at.isoformat()
        else:
            last_sync_at = self.last_sync_at

        last_commit = self.last_commit

        last_status = self.last_status

        last_error = self.last_error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "url": url,
            "credentials": credentials,
            "owner": owner,
            "created_at": created_at,
            "updated_at": updated_at,
        })
        if branch is not UNSET:
            field_dict["branch"] = branch
        if folder is not UNSET:
            field_dict["folder"] = folder
        if known_hosts is not UNSET:
            field_dict["known_hosts"] = known_hosts
        if sync_interval_minutes is not UNSET:
            field_dict["sync_interval_minutes"] = sync_interval_minutes
        if push_back is not UNSET:
            field_dict["push_back"] = push_back
        if push_branch is not UNSET:
            field_dict["push_branch"] = push_branch
        if last_sync_at is not UNSET:
            field_dict["last_sync_at"] = last_sync_at
        if last_commit is not UNSET:
            field_dict["last_commit"] = last_commit
        if last_status is not UNSET:
            field_dict["last_status"] = last_status
        if last_error is not UNSET:
            field_dict["last_error"] = last_error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        url = d.pop("url")

        def _parse_credentials(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        credentials = _parse_credentials(d.pop("credentials"))


        owner = d.pop("owner")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        branch = d.pop("branch", UNSET)

        folder = d.pop("folder", UNSET)

        known_hosts = d.pop("known_hosts", UNSET)

        sync_interval_minutes = d.pop("sync_interval_minutes", UNSET)

        push_back = d.pop("push_back", UNSET)

        push_branch = d.pop("push_branch", UNSET)

        def _parse_last_sync_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_sync_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_sync_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_sync_at = _parse_last_sync_at(d.pop("last_sync_at", UNSET))


        last_commit = d.pop("last_commit", UNSET)

        last_status = d.pop("last_status", UNSET)

        last_error = d.pop("last_error", UNSET)

        repository_output = cls(
            id=id,
            name=name,
            url=url,
            credentials=credentials,
            owner=owner,
            created_at=created_at,
            updated_at=updated_at,
            branch=branch,
            folder=folder,
            known_hosts=known_hosts,
            sync_interval_minutes=sync_interval_minutes,
            push_back=push_back,
            push_branch=push_branch,
            last_sync_at=last_sync_at,
            last_commit=last_commit,
            last_status=last_status,
            last_error=last_error,
        )


        repository_output.additional_properties = d
        return repository_output

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
