from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.comparison_output_columns import ComparisonOutputColumns
  from ..models.retyped_output import RetypedOutput





T = TypeVar("T", bound="ComparisonOutput")



@_attrs_define
class ComparisonOutput:
    """ 
        Attributes:
            added (list[str]):
            removed (list[str]):
            retyped (list[RetypedOutput]):
            rows_before (int | None):
            rows_after (int | None):
            columns (ComparisonOutputColumns):
            changes (list[str]): The changes worth a look.
     """

    added: list[str]
    removed: list[str]
    retyped: list[RetypedOutput]
    rows_before: int | None
    rows_after: int | None
    columns: ComparisonOutputColumns
    changes: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.comparison_output_columns import ComparisonOutputColumns # noqa: PLC0415
        from ..models.retyped_output import RetypedOutput # noqa: PLC0415
        added = self.added



        removed = self.removed



        retyped = []
        for retyped_item_data in self.retyped:
            retyped_item = retyped_item_data.to_dict()
            retyped.append(retyped_item)



        rows_before: int | None
        rows_before = self.rows_before

        rows_after: int | None
        rows_after = self.rows_after

        columns = self.columns.to_dict()

        changes = self.changes




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "added": added,
            "removed": removed,
            "retyped": retyped,
            "rows_before": rows_before,
            "rows_after": rows_after,
            "columns": columns,
            "changes": changes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.comparison_output_columns import ComparisonOutputColumns # noqa: PLC0415
        from ..models.retyped_output import RetypedOutput # noqa: PLC0415
        d = dict(src_dict)
        added = cast(list[str], d.pop("added"))


        removed = cast(list[str], d.pop("removed"))


        retyped = []
        _retyped = d.pop("retyped")
        for retyped_item_data in (_retyped):
            retyped_item = RetypedOutput.from_dict(retyped_item_data)



            retyped.append(retyped_item)


        def _parse_rows_before(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rows_before = _parse_rows_before(d.pop("rows_before"))


        def _parse_rows_after(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rows_after = _parse_rows_after(d.pop("rows_after"))


        columns = ComparisonOutputColumns.from_dict(d.pop("columns"))




        changes = cast(list[str], d.pop("changes"))


        comparison_output = cls(
            added=added,
            removed=removed,
            retyped=retyped,
            rows_before=rows_before,
            rows_after=rows_after,
            columns=columns,
            changes=changes,
        )


        comparison_output.additional_properties = d
        return comparison_output

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
