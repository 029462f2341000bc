from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field
import json
from .. import types

from ..types import UNSET, Unset

from ..types import File, FileTypes
from ..types import UNSET, Unset
from io import BytesIO






T = TypeVar("T", bound="UploadInputRequest")



@_attrs_define
class UploadInputRequest:
    """ 
        Attributes:
            file (File): The file. Its name is kept (reduced to the base name by the parser).
            filename (str | Unset): Store under this name instead (no separators, no leading dot; unicode is fine). Default:
                ''.
            path (str | Unset): Sub-directory of your upload area uploads/<your user id>/. Default: ''.
            overwrite (bool | Unset): Replace a file of the same name (in your own area only). Default: False.
     """

    file: File
    filename: str | Unset = ''
    path: str | Unset = ''
    overwrite: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()


        filename = self.filename

        path = self.path

        overwrite = self.overwrite


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "file": file,
        })
        if filename is not UNSET:
            field_dict["filename"] = filename
        if path is not UNSET:
            field_dict["path"] = path
        if overwrite is not UNSET:
            field_dict["overwrite"] = overwrite

        return field_dict


    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))



        if not isinstance(self.filename, Unset):
            files.append(("filename", (None, str(self.filename).encode(), "text/plain")))



        if not isinstance(self.path, Unset):
            files.append(("path", (None, str(self.path).encode(), "text/plain")))



        if not isinstance(self.overwrite, Unset):
            files.append(("overwrite", (None, str(self.overwrite).encode(), "text/plain")))




        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))



        return files


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(
             payload = BytesIO(d.pop("file"))
        )




        filename = d.pop("filename", UNSET)

        path = d.pop("path", UNSET)

        overwrite = d.pop("overwrite", UNSET)

        upload_input_request = cls(
            file=file,
            filename=filename,
            path=path,
            overwrite=overwrite,
        )


        upload_input_request.additional_properties = d
        return upload_input_request

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
