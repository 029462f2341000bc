from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.column_profile_output import ColumnProfileOutput
  from ..models.profile_limits_output import ProfileLimitsOutput





T = TypeVar("T", bound="ProfileOutput")



@_attrs_define
class ProfileOutput:
    """ 
        Attributes:
            rows (int): Rows of the whole dataset.
            rows_profiled (int):
            sampled (bool): True: more rows than the limit; every sample_step-th row.
            sample_step (int | None):
            columns_total (int):
            columns_profiled (int):
            truncated (bool): True: the time limit left some columns without details.
            elapsed_ms (int):
            limits (ProfileLimitsOutput):
            columns (list[ColumnProfileOutput]):
     """

    rows: int
    rows_profiled: int
    sampled: bool
    sample_step: int | None
    columns_total: int
    columns_profiled: int
    truncated: bool
    elapsed_ms: int
    limits: ProfileLimitsOutput
    columns: list[ColumnProfileOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.column_profile_output import ColumnProfileOutput # noqa: PLC0415
        from ..models.profile_limits_output import ProfileLimitsOutput # noqa: PLC0415
        rows = self.rows

        rows_profiled = self.rows_profiled

        sampled = self.sampled

        sample_step: int | None
        sample_step = self.sample_step

        columns_total = self.columns_total

        columns_profiled = self.columns_profiled

        truncated = self.truncated

        elapsed_ms = self.elapsed_ms

        limits = self.limits.to_dict()

        columns = []
        for columns_item_data in self.columns:
            columns_item = columns_item_data.to_dict()
            columns.append(columns_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "rows": rows,
            "rows_profiled": rows_profiled,
            "sampled": sampled,
            "sample_step": sample_step,
            "columns_total": columns_total,
            "columns_profiled": columns_profiled,
            "truncated": truncated,
            "elapsed_ms": elapsed_ms,
            "limits": limits,
            "columns": columns,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.column_profile_output import ColumnProfileOutput # noqa: PLC0415
        from ..models.profile_limits_output import ProfileLimitsOutput # noqa: PLC0415
        d = dict(src_dict)
        rows = d.pop("rows")

        rows_profiled = d.pop("rows_profiled")

        sampled = d.pop("sampled")

        def _parse_sample_step(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        sample_step = _parse_sample_step(d.pop("sample_step"))


        columns_total = d.pop("columns_total")

        columns_profiled = d.pop("columns_profiled")

        truncated = d.pop("truncated")

        elapsed_ms = d.pop("elapsed_ms")

        limits = ProfileLimitsOutput.from_dict(d.pop("limits"))




        columns = []
        _columns = d.pop("columns")
        for columns_item_data in (_columns):
            columns_item = ColumnProfileOutput.from_dict(columns_item_data)



            columns.append(columns_item)


        profile_output = cls(
            rows=rows,
            rows_profiled=rows_profiled,
            sampled=sampled,
            sample_step=sample_step,
            columns_total=columns_total,
            columns_profiled=columns_profiled,
            truncated=truncated,
            elapsed_ms=elapsed_ms,
            limits=limits,
            columns=columns,
        )


        profile_output.additional_properties = d
        return profile_output

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
