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
  from ..models.table_rows_item import TableRowsItem
  from ..models.table_schema import TableSchema





T = TypeVar("T", bound="Table")



@_attrs_define
class Table:
    """ 
        Attributes:
            rows (list[TableRowsItem] | Unset): Rows: column -> value.
            format_ (FormatEnum | Unset): * `csv` - csv
                * `json` - json
                * `ndjson` - ndjson
                * `parquet` - parquet
            content (str | Unset): A small file, base64-encoded (at most 2 MB).
            schema (TableSchema | Unset): Column types to cast to.
     """

    rows: list[TableRowsItem] | Unset = UNSET
    format_: FormatEnum | Unset = UNSET
    content: str | Unset = UNSET
    schema: TableSchema | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.table_rows_item import TableRowsItem # noqa: PLC0415
        from ..models.table_schema import TableSchema # noqa: PLC0415
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
        from ..models.table_rows_item import TableRowsItem # noqa: PLC0415
        from ..models.table_schema import TableSchema # noqa: PLC0415
        d = dict(src_dict)
        _rows = d.pop("rows", UNSET)
        rows: list[TableRowsItem] | Unset = UNSET
        if _rows is not UNSET:
            rows = []
            for rows_item_data in _rows:
                rows_item = TableRowsItem.from_dict(rows_item_data)



                rows.append(rows_item)


        _format_ = d.pop("format", UNSET)
        format_: FormatEnum | Unset
        if isinstance(_format_,  Unset):
            format_ = UNSET
        else:
            format_ = FormatEnum(_format_)




        content = d.pop("content", UNSET)

        _schema = d.pop("schema", UNSET)
        schema: TableSchema | Unset
        if isinstance(_schema,  Unset):
            schema = UNSET
        else:
            schema = TableSchema.from_dict(_schema)




        table = cls(
            rows=rows,
            format_=format_,
            content=content,
            schema=schema,
        )


        table.additional_properties = d
        return table

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
