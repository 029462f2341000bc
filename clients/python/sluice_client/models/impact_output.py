from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.impact_column_output import ImpactColumnOutput
  from ..models.impact_pipeline_output import ImpactPipelineOutput





T = TypeVar("T", bound="ImpactOutput")



@_attrs_define
class ImpactOutput:
    """ 
        Attributes:
            dataset (str):
            column (None | str):
            pipelines (list[ImpactPipelineOutput]):
            datasets (list[str]): Datasets written downstream.
            columns (list[ImpactColumnOutput]): With column: the nodes and columns it feeds.
            truncated (bool): More pipelines than one analysis validates were left out.
            datasets_columns (list[str] | Unset): With column: 'dataset column' written downstream.
     """

    dataset: str
    column: None | str
    pipelines: list[ImpactPipelineOutput]
    datasets: list[str]
    columns: list[ImpactColumnOutput]
    truncated: bool
    datasets_columns: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.impact_column_output import ImpactColumnOutput # noqa: PLC0415
        from ..models.impact_pipeline_output import ImpactPipelineOutput # noqa: PLC0415
        dataset = self.dataset

        column: None | str
        column = self.column

        pipelines = []
        for pipelines_item_data in self.pipelines:
            pipelines_item = pipelines_item_data.to_dict()
            pipelines.append(pipelines_item)



        datasets = self.datasets



        columns = []
        for columns_item_data in self.columns:
            columns_item = columns_item_data.to_dict()
            columns.append(columns_item)



        truncated = self.truncated

        datasets_columns: list[str] | Unset = UNSET
        if not isinstance(self.datasets_columns, Unset):
            datasets_columns = self.datasets_columns




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "dataset": dataset,
            "column": column,
            "pipelines": pipelines,
            "datasets": datasets,
            "columns": columns,
            "truncated": truncated,
        })
        if datasets_columns is not UNSET:
            field_dict["datasets_columns"] = datasets_columns

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.impact_column_output import ImpactColumnOutput # noqa: PLC0415
        from ..models.impact_pipeline_output import ImpactPipelineOutput # noqa: PLC0415
        d = dict(src_dict)
        dataset = d.pop("dataset")

        def _parse_column(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        column = _parse_column(d.pop("column"))


        pipelines = []
        _pipelines = d.pop("pipelines")
        for pipelines_item_data in (_pipelines):
            pipelines_item = ImpactPipelineOutput.from_dict(pipelines_item_data)



            pipelines.append(pipelines_item)


        datasets = cast(list[str], d.pop("datasets"))


        columns = []
        _columns = d.pop("columns")
        for columns_item_data in (_columns):
            columns_item = ImpactColumnOutput.from_dict(columns_item_data)



            columns.append(columns_item)


        truncated = d.pop("truncated")

        datasets_columns = cast(list[str], d.pop("datasets_columns", UNSET))


        impact_output = cls(
            dataset=dataset,
            column=column,
            pipelines=pipelines,
            datasets=datasets,
            columns=columns,
            truncated=truncated,
            datasets_columns=datasets_columns,
        )


        impact_output.additional_properties = d
        return impact_output

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
