from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="UploadStartInputRequest")



@_attrs_define
class UploadStartInputRequest:
    """ 
        Attributes:
            filename (str):
            size (int): Total bytes that will be sent.
            path (str | Unset): Sub-directory of your upload area uploads/<your user id>/. Default: ''.
            overwrite (bool | Unset):  Default: False.
     """

    filename: str
    size: int
    path: str | Unset = ''
    overwrite: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        filename = self.filename

        size = self.size

        path = self.path

        overwrite = self.overwrite


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "filename": filename,
            "size": size,
        })
        if path is not UNSET:
            field_dict["path"] = path
        if overwrite is not UNSET:
            field_dict["overwrite"] = overwrite

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        filename = d.pop("filename")

        size = d.pop("size")

        path = d.pop("path", UNSET)

        overwrite = d.pop("overwrite", UNSET)

        upload_start_input_request = cls(
            filename=filename,
            size=size,
            path=path,
            overwrite=overwrite,
        )


        upload_start_input_request.additional_properties = d
        return upload_start_input_request

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
