from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.import_result_output_action_enum import ImportResultOutputActionEnum
from typing import cast






T = TypeVar("T", bound="ImportResultOutput")



@_attrs_define
class ImportResultOutput:
    """ 
        Attributes:
            file (str):
            index (int):
            kind (str):
            target (str):
            id (int | None):
            action (ImportResultOutputActionEnum): * `created` - created
                * `updated` - updated
                * `unchanged` - unchanged
            version (int | None): The current version after the import.
            new_version (bool):
     """

    file: str
    index: int
    kind: str
    target: str
    id: int | None
    action: ImportResultOutputActionEnum
    version: int | None
    new_version: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        file = self.file

        index = self.index

        kind = self.kind

        target = self.target

        id: int | None
        id = self.id

        action = self.action.value

        version: int | None
        version = self.version

        new_version = self.new_version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "file": file,
            "index": index,
            "kind": kind,
            "target": target,
            "id": id,
            "action": action,
            "version": version,
            "new_version": new_version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = d.pop("file")

        index = d.pop("index")

        kind = d.pop("kind")

        target = d.pop("target")

        def _parse_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        id = _parse_id(d.pop("id"))


        action = ImportResultOutputActionEnum(d.pop("action"))




        def _parse_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version = _parse_version(d.pop("version"))


        new_version = d.pop("new_version")

        import_result_output = cls(
            file=file,
            index=index,
            kind=kind,
            target=target,
            id=id,
            action=action,
            version=version,
            new_version=new_version,
        )


        import_result_output.additional_properties = d
        return import_result_output

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
