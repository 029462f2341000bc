from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.quality_entry_output_kind_enum import QualityEntryOutputKindEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="QualityEntryOutput")



@_attrs_define
class QualityEntryOutput:
    """ 
        Attributes:
            id (int):
            kind (QualityEntryOutputKindEnum): * `opened` - Opened
                * `failing` - Failing again
                * `passing` - Passing
                * `reopened` - Reopened
                * `acknowledged` - Acknowledged
                * `assigned` - Assigned
                * `commented` - Commented
                * `resolved` - Resolved
            user (None | str): Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.
            execution (int | None):
            text (str | Unset):
            created_at (datetime.datetime | Unset):
     """

    id: int
    kind: QualityEntryOutputKindEnum
    user: None | str
    execution: int | None
    text: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        user: None | str
        user = self.user

        execution: int | None
        execution = self.execution

        text = self.text

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "kind": kind,
            "user": user,
            "execution": execution,
        })
        if text is not UNSET:
            field_dict["text"] = text
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = QualityEntryOutputKindEnum(d.pop("kind"))




        def _parse_user(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user = _parse_user(d.pop("user"))


        def _parse_execution(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        execution = _parse_execution(d.pop("execution"))


        text = d.pop("text", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        quality_entry_output = cls(
            id=id,
            kind=kind,
            user=user,
            execution=execution,
            text=text,
            created_at=created_at,
        )


        quality_entry_output.additional_properties = d
        return quality_entry_output

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
