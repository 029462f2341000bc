from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.inspect_output_schema import InspectOutputSchema





T = TypeVar("T", bound="InspectOutput")



@_attrs_define
class InspectOutput:
    """ 
        Attributes:
            path (str): Where the file is, relative to the data root (uploads/<your user id>/... for an upload).
            size (int):
            format_ (None | str):
            schema (InspectOutputSchema): Column -> Polars type.
            rows_sampled (int): Rows read to check the file (at most 1000).
            error (None | str): Why the file could not be read as its format.
     """

    path: str
    size: int
    format_: None | str
    schema: InspectOutputSchema
    rows_sampled: int
    error: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.inspect_output_schema import InspectOutputSchema # noqa: PLC0415
        path = self.path

        size = self.size

        format_: None | str
        format_ = self.format_

        schema = self.schema.to_dict()

        rows_sampled = self.rows_sampled

        error: None | str
        error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "path": path,
            "size": size,
            "format": format_,
            "schema": schema,
            "rows_sampled": rows_sampled,
            "error": error,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inspect_output_schema import InspectOutputSchema # noqa: PLC0415
        d = dict(src_dict)
        path = d.pop("path")

        size = d.pop("size")

        def _parse_format_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        format_ = _parse_format_(d.pop("format"))


        schema = InspectOutputSchema.from_dict(d.pop("schema"))




        rows_sampled = d.pop("rows_sampled")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        inspect_output = cls(
            path=path,
            size=size,
            format_=format_,
            schema=schema,
            rows_sampled=rows_sampled,
            error=error,
        )


        inspect_output.additional_properties = d
        return inspect_output

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
