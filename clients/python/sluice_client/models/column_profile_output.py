from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.column_profile_output_kind_enum import ColumnProfileOutputKindEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.histogram_output import HistogramOutput
  from ..models.quantiles_output import QuantilesOutput
  from ..models.top_value_output import TopValueOutput





T = TypeVar("T", bound="ColumnProfileOutput")



@_attrs_define
class ColumnProfileOutput:
    """ 
        Attributes:
            name (str):
            dtype (str): Polars type.
            kind (ColumnProfileOutputKindEnum): * `numeric` - numeric
                * `temporal` - temporal
                * `string` - string
                * `boolean` - boolean
                * `other` - other
            nulls (int):
            null_rate (float):
            distinct (int | None): Distinct non-null values.
            distinct_exact (bool): False: estimated (HyperLogLog) above the threshold.
            nan_count (int | Unset): Floats: NaN values (left out of the figures).
            min_ (Any | Unset): A number, or an ISO date(time).
            max_ (Any | Unset): A number, or an ISO date(time).
            mean (Any | Unset): A number, or an ISO date(time).
            std (float | None | Unset): Sample standard deviation.
            quantiles (QuantilesOutput | Unset):
            top (list[TopValueOutput] | Unset):
            histogram (HistogramOutput | None | Unset):
     """

    name: str
    dtype: str
    kind: ColumnProfileOutputKindEnum
    nulls: int
    null_rate: float
    distinct: int | None
    distinct_exact: bool
    nan_count: int | Unset = UNSET
    min_: Any | Unset = UNSET
    max_: Any | Unset = UNSET
    mean: Any | Unset = UNSET
    std: float | None | Unset = UNSET
    quantiles: QuantilesOutput | Unset = UNSET
    top: list[TopValueOutput] | Unset = UNSET
    histogram: HistogramOutput | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.histogram_output import HistogramOutput # noqa: PLC0415
        from ..models.quantiles_output import QuantilesOutput # noqa: PLC0415
        from ..models.top_value_output import TopValueOutput # noqa: PLC0415
        name = self.name

        dtype = self.dtype

        kind = self.kind.value

        nulls = self.nulls

        null_rate = self.null_rate

        distinct: int | None
        distinct = self.distinct

        distinct_exact = self.distinct_exact

        nan_count = self.nan_count

        min_ = self.min_

        max_ = self.max_

        mean = self.mean

        std: float | None | Unset
        if isinstance(self.std, Unset):
            std = UNSET
        else:
            std = self.std

        quantiles: dict[str, Any] | Unset = UNSET
        if not isinstance(self.quantiles, Unset):
            quantiles = self.quantiles.to_dict()

        top: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.top, Unset):
            top = []
            for top_item_data in self.top:
                top_item = top_item_data.to_dict()
                top.append(top_item)



        histogram: dict[str, Any] | None | Unset
        if isinstance(self.histogram, Unset):
            histogram = UNSET
        elif isinstance(self.histogram, HistogramOutput):
            histogram = self.histogram.to_dict()
        else:
            histogram = self.histogram


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "dtype": dtype,
            "kind": kind,
            "nulls": nulls,
            "null_rate": null_rate,
            "distinct": distinct,
            "distinct_exact": distinct_exact,
        })
        if nan_count is not UNSET:
            field_dict["nan_count"] = nan_count
        if min_ is not UNSET:
            field_dict["min"] = min_
        if max_ is not UNSET:
            field_dict["max"] = max_
        if mean is not UNSET:
            field_dict["mean"] = mean
        if std is not UNSET:
            field_dict["std"] = std
        if quantiles is not UNSET:
            field_dict["quantiles"] = quantiles
        if top is not UNSET:
            field_dict["top"] = top
        if histogram is not UNSET:
            field_dict["histogram"] = histogram

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.histogram_output import HistogramOutput # noqa: PLC0415
        from ..models.quantiles_output import QuantilesOutput # noqa: PLC0415
        from ..models.top_value_output import TopValueOutput # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        dtype = d.pop("dtype")

        kind = ColumnProfileOutputKindEnum(d.pop("kind"))




        nulls = d.pop("nulls")

        null_rate = d.pop("null_rate")

        def _parse_distinct(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        distinct = _parse_distinct(d.pop("distinct"))


        distinct_exact = d.pop("distinct_exact")

        nan_count = d.pop("nan_count", UNSET)

        min_ = d.pop("min", UNSET)

        max_ = d.pop("max", UNSET)

        mean = d.pop("mean", UNSET)

        def _parse_std(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        std = _parse_std(d.pop("std", UNSET))


        _quantiles = d.pop("quantiles", UNSET)
        quantiles: QuantilesOutput | Unset
        if isinstance(_quantiles,  Unset):
            quantiles = UNSET
        else:
            quantiles = QuantilesOutput.from_dict(_quantiles)




        _top = d.pop("top", UNSET)
        top: list[TopValueOutput] | Unset = UNSET
        if _top is not UNSET:
            top = []
            for top_item_data in _top:
                top_item = TopValueOutput.from_dict(top_item_data)



                top.append(top_item)


        def _parse_histogram(data: object) -> HistogramOutput | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                histogram_type_1 = HistogramOutput.from_dict(data)



                return histogram_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HistogramOutput | None | Unset, data)

        histogram = _parse_histogram(d.pop("histogram", UNSET))


        column_profile_output = cls(
            name=name,
            dtype=dtype,
            kind=kind,
            nulls=nulls,
            null_rate=null_rate,
            distinct=distinct,
            distinct_exact=distinct_exact,
            nan_count=nan_count,
            min_=min_,
            max_=max_,
            mean=mean,
            std=std,
            quantiles=quantiles,
            top=top,
            histogram=histogram,
        )


        column_profile_output.additional_properties = d
        return column_profile_output

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
