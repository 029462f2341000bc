from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.mode_enum import ModeEnum
from ..types import File, FileTypes
from ..types import UNSET, Unset
from io import BytesIO






T = TypeVar("T", bound="ImportInputRequest")



@_attrs_define
class ImportInputRequest:
    """ 
        Attributes:
            documents (str | Unset): YAML or JSON text: one or more documents.
            file (File | Unset): Multipart: one document file (.yaml, .yml, .json) or a zip archive of them.
            filename (str | Unset): Name shown in problems (pasted text).
            dry_run (bool | Unset): Report what would change; write nothing. Default: False.
            mode (ModeEnum | Unset): * `draft` - draft
                * `version` - version Default: ModeEnum.DRAFT.
     """

    documents: str | Unset = UNSET
    file: File | Unset = UNSET
    filename: str | Unset = UNSET
    dry_run: bool | Unset = False
    mode: ModeEnum | Unset = ModeEnum.DRAFT
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        documents = self.documents

        file: FileTypes | Unset = UNSET
        if not isinstance(self.file, Unset):
            file = self.file.to_tuple()


        filename = self.filename

        dry_run = self.dry_run

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if documents is not UNSET:
            field_dict["documents"] = documents
        if file is not UNSET:
            field_dict["file"] = file
        if filename is not UNSET:
            field_dict["filename"] = filename
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run
        if mode is not UNSET:
            field_dict["mode"] = mode

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        documents = d.pop("documents", UNSET)

        _file = d.pop("file", UNSET)
        file: File | Unset
        if isinstance(_file,  Unset):
            file = UNSET
        else:
            file = File(
             payload = BytesIO(_file)
        )




        filename = d.pop("filename", UNSET)

        dry_run = d.pop("dry_run", UNSET)

        _mode = d.pop("mode", UNSET)
        mode: ModeEnum | Unset
        if isinstance(_mode,  Unset):
            mode = UNSET
        else:
            mode = ModeEnum(_mode)




        import_input_request = cls(
            documents=documents,
            file=file,
            filename=filename,
            dry_run=dry_run,
            mode=mode,
        )


        import_input_request.additional_properties = d
        return import_input_request

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
