from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.format_enum import FormatEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.table_request_rows_item import TableRequestRowsItem
  from ..models.table_request_schema import TableRequestSchema





T = TypeVar("T", bound="TableRequest")



@_attrs_define
class TableRequest:
    """ 
        Attributes:
            rows (list[TableRequestRowsItem] | Unset): Rows: column -> value.
            format_ (FormatEnum | Unset): * `csv` - csv
                * `json` - json
                * `ndjson` - ndjson
                * `parquet` - parquet
            content (str | Unset): A small file, base64-encoded (at most 2 MB).
            schema (TableRequestSchema | Unset): Column types to cast to.
     """

    rows: list[TableRequestRowsItem] | Unset = UNSET
    format_: FormatEnum | Unset = UNSET
    content: str | Unset = UNSET
    schema: TableRequestSchema | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.table_request_rows_item import TableRequestRowsItem # noqa: PLC0415
        from ..models.table_request_schema import TableRequestSchema # noqa: PLC0415
        rows: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.rows, Unset):
            rows = []
            for rows_item_data in self.rows:
                rows_item = rows_item_data.to_dict()
                rows.append(rows_item)



        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value


        content = self.content

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if rows is not UNSET:
            field_dict["rows"] = rows
        if format_ is not UNSET:
            field_dict["format"] = format_
        if content is not UNSET:
            field_dict["content"] = content
        if schema is not UNSET:
            field_dict["schema"] = schema

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.table_request_rows_item import TableRequestRowsItem # noqa: PLC0415
        from ..models.table_request_schema import TableRequestSchema # noqa: PLC0415
        d = dict(src_dict)
        _rows = d.pop("rows", UNSET)
        rows: list[TableRequestRowsItem] | Unset = UNSET
        if _rows is not UNSET:
            rows = []
            for rows_item_data in _rows:
                rows_item = TableRequestRowsItem.from_dict(rows_item_data)



                rows.append(rows_item)


        _format_ = d.pop("format", UNSET)
        format_: FormatEnum | Unset
        if isinstance(_format_,  Unset):
            format_ = UNSET
        else:
            format_ = FormatEnum(_format_)




        content = d.pop("content", UNSET)

        _schema = d.pop("schema", UNSET)
        schema: TableRequestSchema | Unset
        if isinstance(_schema,  Unset):
            schema = UNSET
        else:
            schema = TableRequestSchema.from_dict(_schema)




        table_request = cls(
            rows=rows,
            format_=format_,
            content=content,
            schema=schema,
        )


        table_request.additional_properties = d
        return table_request

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
