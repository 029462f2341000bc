from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="PoolOutput")



@_attrs_define
class PoolOutput:
    """ 
        Attributes:
            id (int):
            name (str):
            running (int): Steps of this pool running now.
            queued (int): Ready steps waiting for a free slot of this pool.
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            slots (int | Unset): How many steps of this pool may run at once.
            description (str | Unset):
     """

    id: int
    name: str
    running: int
    queued: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    slots: int | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        running = self.running

        queued = self.queued

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        slots = self.slots

        description = self.description


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "running": running,
            "queued": queued,
            "created_at": created_at,
            "updated_at": updated_at,
        })
        if slots is not UNSET:
            field_dict["slots"] = slots
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        running = d.pop("running")

        queued = d.pop("queued")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        slots = d.pop("slots", UNSET)

        description = d.pop("description", UNSET)

        pool_output = cls(
            id=id,
            name=name,
            running=running,
            queued=queued,
            created_at=created_at,
            updated_at=updated_at,
            slots=slots,
            description=description,
        )


        pool_output.additional_properties = d
        return pool_output

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
