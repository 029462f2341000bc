from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="FileOutput")



@_attrs_define
class FileOutput:
    """ 
        Attributes:
            path (str): Path relative to the data root, as source.file takes it (uploads/<user id>/... for uploads).
            size (int): Bytes.
            modified (datetime.datetime):
            format_ (None | str): csv, json, ndjson, parquet, excel, or null.
     """

    path: str
    size: int
    modified: datetime.datetime
    format_: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        path = self.path

        size = self.size

        modified = self.modified.isoformat()

        format_: None | str
        format_ = self.format_


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "path": path,
            "size": size,
            "modified": modified,
            "format": format_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        path = d.pop("path")

        size = d.pop("size")

        modified = datetime.datetime.fromisoformat(d.pop("modified"))




        def _parse_format_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        format_ = _parse_format_(d.pop("format"))


        file_output = cls(
            path=path,
            size=size,
            modified=modified,
            format_=format_,
        )


        file_output.additional_properties = d
        return file_output

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
