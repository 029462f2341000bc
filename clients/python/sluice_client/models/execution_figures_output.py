from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.execution_figures_output_by_status import ExecutionFiguresOutputByStatus





T = TypeVar("T", bound="ExecutionFiguresOutput")



@_attrs_define
class ExecutionFiguresOutput:
    """ 
        Attributes:
            total (int):
            by_status (ExecutionFiguresOutputByStatus):
            success_rate (float | None): succeeded / (succeeded + failed)
            avg_duration_s (float | None):
            p95_duration_s (float | None):
            rows_in (int):
            rows_out (int):
     """

    total: int
    by_status: ExecutionFiguresOutputByStatus
    success_rate: float | None
    avg_duration_s: float | None
    p95_duration_s: float | None
    rows_in: int
    rows_out: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.execution_figures_output_by_status import ExecutionFiguresOutputByStatus # noqa: PLC0415
        total = self.total

        by_status = self.by_status.to_dict()

        success_rate: float | None
        success_rate = self.success_rate

        avg_duration_s: float | None
        avg_duration_s = self.avg_duration_s

        p95_duration_s: float | None
        p95_duration_s = self.p95_duration_s

        rows_in = self.rows_in

        rows_out = self.rows_out


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "total": total,
            "by_status": by_status,
            "success_rate": success_rate,
            "avg_duration_s": avg_duration_s,
            "p95_duration_s": p95_duration_s,
            "rows_in": rows_in,
            "rows_out": rows_out,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.execution_figures_output_by_status import ExecutionFiguresOutputByStatus # noqa: PLC0415
        d = dict(src_dict)
        total = d.pop("total")

        by_status = ExecutionFiguresOutputByStatus.from_dict(d.pop("by_status"))




        def _parse_success_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        success_rate = _parse_success_rate(d.pop("success_rate"))


        def _parse_avg_duration_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        avg_duration_s = _parse_avg_duration_s(d.pop("avg_duration_s"))


        def _parse_p95_duration_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p95_duration_s = _parse_p95_duration_s(d.pop("p95_duration_s"))


        rows_in = d.pop("rows_in")

        rows_out = d.pop("rows_out")

        execution_figures_output = cls(
            total=total,
            by_status=by_status,
            success_rate=success_rate,
            avg_duration_s=avg_duration_s,
            p95_duration_s=p95_duration_s,
            rows_in=rows_in,
            rows_out=rows_out,
        )


        execution_figures_output.additional_properties = d
        return execution_figures_output

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
