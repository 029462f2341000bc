from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.dry_run_input_request_inject import DryRunInputRequestInject





T = TypeVar("T", bound="DryRunInputRequest")



@_attrs_define
class DryRunInputRequest:
    """ 
        Attributes:
            graph (Any | Unset): A graph to try instead of the saved draft.
            sample_rows (int | Unset):  Default: 100.
            preview_rows (int | Unset):  Default: 20.
            inject (DryRunInputRequestInject | Unset): Test rows per source node key; they replace what the source would
                read.
     """

    graph: Any | Unset = UNSET
    sample_rows: int | Unset = 100
    preview_rows: int | Unset = 20
    inject: DryRunInputRequestInject | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.dry_run_input_request_inject import DryRunInputRequestInject # noqa: PLC0415
        graph = self.graph

        sample_rows = self.sample_rows

        preview_rows = self.preview_rows

        inject: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inject, Unset):
            inject = self.inject.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if graph is not UNSET:
            field_dict["graph"] = graph
        if sample_rows is not UNSET:
            field_dict["sample_rows"] = sample_rows
        if preview_rows is not UNSET:
            field_dict["preview_rows"] = preview_rows
        if inject is not UNSET:
            field_dict["inject"] = inject

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dry_run_input_request_inject import DryRunInputRequestInject # noqa: PLC0415
        d = dict(src_dict)
        graph = d.pop("graph", UNSET)

        sample_rows = d.pop("sample_rows", UNSET)

        preview_rows = d.pop("preview_rows", UNSET)

        _inject = d.pop("inject", UNSET)
        inject: DryRunInputRequestInject | Unset
        if isinstance(_inject,  Unset):
            inject = UNSET
        else:
            inject = DryRunInputRequestInject.from_dict(_inject)




        dry_run_input_request = cls(
            graph=graph,
            sample_rows=sample_rows,
            preview_rows=preview_rows,
            inject=inject,
        )


        dry_run_input_request.additional_properties = d
        return dry_run_input_request

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
