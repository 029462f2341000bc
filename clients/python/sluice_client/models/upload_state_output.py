from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from uuid import UUID






T = TypeVar("T", bound="UploadStateOutput")



@_attrs_define
class UploadStateOutput:
    """ 
        Attributes:
            upload_id (UUID):
            filename (str):
            path (str): Where the file will be once complete.
            size (int):
            offset (int): Bytes received so far: the next chunk starts here.
     """

    upload_id: UUID
    filename: str
    path: str
    size: int
    offset: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        upload_id = str(self.upload_id)

        filename = self.filename

        path = self.path

        size = self.size

        offset = self.offset


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "upload_id": upload_id,
            "filename": filename,
            "path": path,
            "size": size,
            "offset": offset,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        upload_id = UUID(d.pop("upload_id"))




        filename = d.pop("filename")

        path = d.pop("path")

        size = d.pop("size")

        offset = d.pop("offset")

        upload_state_output = cls(
            upload_id=upload_id,
            filename=filename,
            path=path,
            size=size,
            offset=offset,
        )


        upload_state_output.additional_properties = d
        return upload_state_output

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
