from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.checklist_item_output_status_enum import ChecklistItemOutputStatusEnum
from ..models.key_enum import KeyEnum






T = TypeVar("T", bound="ChecklistItemOutput")



@_attrs_define
class ChecklistItemOutput:
    """ 
        Attributes:
            key (KeyEnum): * `identity` - identity
                * `email` - email
                * `workers` - workers
                * `redis` - redis
                * `connection` - connection
                * `run` - run
            title (str):
            status (ChecklistItemOutputStatusEnum): * `ok` - ok
                * `todo` - todo
                * `optional` - optional
            detail (str): What was found in the running system.
            fix_url (str): The page where it is fixed or looked at.
            fix_label (str):
     """

    key: KeyEnum
    title: str
    status: ChecklistItemOutputStatusEnum
    detail: str
    fix_url: str
    fix_label: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        key = self.key.value

        title = self.title

        status = self.status.value

        detail = self.detail

        fix_url = self.fix_url

        fix_label = self.fix_label


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "key": key,
            "title": title,
            "status": status,
            "detail": detail,
            "fix_url": fix_url,
            "fix_label": fix_label,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = KeyEnum(d.pop("key"))




        title = d.pop("title")

        status = ChecklistItemOutputStatusEnum(d.pop("status"))




        detail = d.pop("detail")

        fix_url = d.pop("fix_url")

        fix_label = d.pop("fix_label")

        checklist_item_output = cls(
            key=key,
            title=title,
            status=status,
            detail=detail,
            fix_url=fix_url,
            fix_label=fix_label,
        )


        checklist_item_output.additional_properties = d
        return checklist_item_output

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
