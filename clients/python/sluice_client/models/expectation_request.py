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
  from ..models.expectation_request_rows_item import ExpectationRequestRowsItem
  from ..models.expectation_request_schema import ExpectationRequestSchema





T = TypeVar("T", bound="ExpectationRequest")



@_attrs_define
class ExpectationRequest:
    """ 
        Attributes:
            rows (list[ExpectationRequestRowsItem] | Unset): Rows: column -> value.
            format_ (FormatEnum | Unset): * `csv` - csv
                * `json` - json
                * `ndjson` - ndjson
                * `parquet` - parquet
            content (str | Unset): A small file, base64-encoded (at most 2 MB).
            schema (ExpectationRequestSchema | Unset): Column types to cast to.
            ignore_order (bool | Unset): Rows compared as a multiset (default true).
            abs_tolerance (float | Unset): Float difference allowed.
            rel_tolerance (float | Unset): Relative difference allowed.
            columns (list[str] | Unset): Compare only these.
            ignore_columns (list[str] | Unset):
     """

    rows: list[ExpectationRequestRowsItem] | Unset = UNSET
    format_: FormatEnum | Unset = UNSET
    content: str | Unset = UNSET
    schema: ExpectationRequestSchema | Unset = UNSET
    ignore_order: bool | Unset = UNSET
    abs_tolerance: float | Unset = UNSET
    rel_tolerance: float | Unset = UNSET
    columns: list[str] | Unset = UNSET
    ignore_columns: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.expectation_request_rows_item import ExpectationRequestRowsItem # noqa: PLC0415
        from ..models.expectation_request_schema import ExpectationRequestSchema # noqa: PLC0415
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

        ignore_order = self.ignore_order

        abs_tolerance = self.abs_tolerance

        rel_tolerance = self.rel_tolerance

        columns: list[str] | Unset = UNSET
        if not isinstance(self.columns, Unset):
            columns = self.columns



        ignore_columns: list[str] | Unset = UNSET
        if not isinstance(self.ignore_columns, Unset):
            ignore_columns = self.ignore_columns




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
        if ignore_order is not UNSET:
            field_dict["ignore_order"] = ignore_order
        if abs_tolerance is not UNSET:
            field_dict["abs_tolerance"] = abs_tolerance
        if rel_tolerance is not UNSET:
            field_dict["rel_tolerance"] = rel_tolerance
        if columns is not UNSET:
            field_dict["columns"] = columns
        if ignore_columns is not UNSET:
            field_dict["ignore_columns"] = ignore_columns

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.expectation_request_rows_item import ExpectationRequestRowsItem # noqa: PLC0415
        from ..models.expectation_request_schema import ExpectationRequestSchema # noqa: PLC0415
        d = dict(src_dict)
        _rows = d.pop("rows", UNSET)
        rows: list[ExpectationRequestRowsItem] | Unset = UNSET
        if _rows is not UNSET:
            rows = []
            for rows_item_data in _rows:
                rows_item = ExpectationRequestRowsItem.from_dict(rows_item_data)



                rows.append(rows_item)


        _format_ = d.pop("format", UNSET)
        format_: FormatEnum | Unset
        if isinstance(_format_,  Unset):
            format_ = UNSET
        else:
            format_ = FormatEnum(_format_)




        content = d.pop("content", UNSET)

        _schema = d.pop("schema", UNSET)
        schema: ExpectationRequestSchema | Unset
        if isinstance(_schema,  Unset):
            schema = UNSET
        else:
            schema = ExpectationRequestSchema.from_dict(_schema)




        ignore_order = d.pop("ignore_order", UNSET)

        abs_tolerance = d.pop("abs_tolerance", UNSET)

        rel_tolerance = d.pop("rel_tolerance", UNSET)

        columns = cast(list[str], d.pop("columns", UNSET))


        ignore_columns = cast(list[str], d.pop("ignore_columns", UNSET))


        expectation_request = cls(
            rows=rows,
            format_=format_,
            content=content,
            schema=schema,
            ignore_order=ignore_order,
            abs_tolerance=abs_tolerance,
            rel_tolerance=rel_tolerance,
            columns=columns,
            ignore_columns=ignore_columns,
        )


        expectation_request.additional_properties = d
        return expectation_request

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
