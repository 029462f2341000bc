from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.insight_event_output_kind_enum import InsightEventOutputKindEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="InsightEventOutput")



@_attrs_define
class InsightEventOutput:
    """ 
        Attributes:
            id (int):
            kind (InsightEventOutputKindEnum): * `opened` - Opened
                * `updated` - Updated
                * `closed` - Closed
                * `reopened` - Reopened
                * `dismissed` - Dismissed
                * `undismissed` - Un-dismissed
            user (None | str):
            figures (Any | Unset):
            created_at (datetime.datetime | Unset):
     """

    id: int
    kind: InsightEventOutputKindEnum
    user: None | str
    figures: Any | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        user: None | str
        user = self.user

        figures = self.figures

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "kind": kind,
            "user": user,
        })
        if figures is not UNSET:
            field_dict["figures"] = figures
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = InsightEventOutputKindEnum(d.pop("kind"))




        def _parse_user(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user = _parse_user(d.pop("user"))


        figures = d.pop("figures", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        insight_event_output = cls(
            id=id,
            kind=kind,
            user=user,
            figures=figures,
            created_at=created_at,
        )


        insight_event_output.additional_properties = d
        return insight_event_output

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
