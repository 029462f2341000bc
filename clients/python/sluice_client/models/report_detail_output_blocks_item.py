from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.report_detail_output_blocks_item_kind import ReportDetailOutputBlocksItemKind
from ..models.report_detail_output_blocks_item_metrics_item import ReportDetailOutputBlocksItemMetricsItem
from ..models.report_detail_output_blocks_item_statuses_item import ReportDetailOutputBlocksItemStatusesItem
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ReportDetailOutputBlocksItem")



@_attrs_define
class ReportDetailOutputBlocksItem:
    """ A block: `kind` is one of `kpis` (Key figures), `runs_chart` (Runs over time), `duration_chart` (Duration
    percentiles), `quality_chart` (Quality pass rate), `runs_table` (Runs), `quality_issues` (Open quality issues),
    `insights` (Insights). Every block takes an optional `title` (at most 200 characters). `kpis` takes `metrics` (a
    list of runs, success_rate, p95_duration, rows; all by default); `runs_table` takes `limit` (1-100, 20) and
    `statuses` (a list of succeeded, failed, cancelled, running, queued; empty = all); `quality_issues` and `insights`
    take `limit` (1-100, 20). Other keys are refused.

        Attributes:
            kind (ReportDetailOutputBlocksItemKind):
            title (str | Unset):
            metrics (list[ReportDetailOutputBlocksItemMetricsItem] | Unset):
            limit (int | Unset):
            statuses (list[ReportDetailOutputBlocksItemStatusesItem] | Unset):
     """

    kind: ReportDetailOutputBlocksItemKind
    title: str | Unset = UNSET
    metrics: list[ReportDetailOutputBlocksItemMetricsItem] | Unset = UNSET
    limit: int | Unset = UNSET
    statuses: list[ReportDetailOutputBlocksItemStatusesItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        title = self.title

        metrics: list[str] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = []
            for metrics_item_data in self.metrics:
                metrics_item = metrics_item_data.value
                metrics.append(metrics_item)



        limit = self.limit

        statuses: list[str] | Unset = UNSET
        if not isinstance(self.statuses, Unset):
            statuses = []
            for statuses_item_data in self.statuses:
                statuses_item = statuses_item_data.value
                statuses.append(statuses_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
        })
        if title is not UNSET:
            field_dict["title"] = title
        if metrics is not UNSET:
            field_dict["metrics"] = metrics
        if limit is not UNSET:
            field_dict["limit"] = limit
        if statuses is not UNSET:
            field_dict["statuses"] = statuses

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = ReportDetailOutputBlocksItemKind(d.pop("kind"))




        title = d.pop("title", UNSET)

        _metrics = d.pop("metrics", UNSET)
        metrics: list[ReportDetailOutputBlocksItemMetricsItem] | Unset = UNSET
        if _metrics is not UNSET:
            metrics = []
            for metrics_item_data in _metrics:
                metrics_item = ReportDetailOutputBlocksItemMetricsItem(metrics_item_data)



                metrics.append(metrics_item)


        limit = d.pop("limit", UNSET)

        _statuses = d.pop("statuses", UNSET)
        statuses: list[ReportDetailOutputBlocksItemStatusesItem] | Unset = UNSET
        if _statuses is not UNSET:
            statuses = []
            for statuses_item_data in _statuses:
                statuses_item = ReportDetailOutputBlocksItemStatusesItem(statuses_item_data)



                statuses.append(statuses_item)


        report_detail_output_blocks_item = cls(
            kind=kind,
            title=title,
            metrics=metrics,
            limit=limit,
            statuses=statuses,
        )


        report_detail_output_blocks_item.additional_properties = d
        return report_detail_output_blocks_item

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
