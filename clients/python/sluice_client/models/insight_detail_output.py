from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.insight_kind_enum import InsightKindEnum
from ..models.insight_severity_enum import InsightSeverityEnum
from ..models.insight_state_enum import InsightStateEnum
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.insight_event_output import InsightEventOutput
  from ..models.insight_evidence_output import InsightEvidenceOutput





T = TypeVar("T", bound="InsightDetailOutput")



@_attrs_define
class InsightDetailOutput:
    """ 
        Attributes:
            id (int):
            pipeline (int):
            pipeline_name (str):
            kind (InsightKindEnum): * `duration_regression` - Duration regression
                * `rows_regression` - Row-count change
                * `slow_node` - Slowest node
                * `failing_node` - Most failing node
                * `duration_growth` - Duration growth
                * `output_growth` - Output growth
                * `filter_before_join` - Filter could move before a join
                * `sort_limit` - Sort followed by a limit
                * `unfused_chain` - Unfused chain
                * `unused_columns` - Source columns never used
                * `memory_pressure` - Memory near the worker's limit
            kind_label (str):
            recommendation (bool):
            title (str):
            explanation (str):
            evidence (InsightEvidenceOutput):
            dismissed_by (None | str):
            page (str):
            history (list[InsightEventOutput]):
            node_key (str | Unset):
            severity (InsightSeverityEnum | Unset): * `info` - Info
                * `warning` - Warning
                * `critical` - Critical
            state (InsightStateEnum | Unset): * `open` - Open
                * `dismissed` - Dismissed
                * `closed` - Closed
            first_seen (datetime.datetime | Unset):
            last_seen (datetime.datetime | Unset):
            times_seen (int | Unset):
            closed_at (datetime.datetime | None | Unset):
            dismissed_at (datetime.datetime | None | Unset):
     """

    id: int
    pipeline: int
    pipeline_name: str
    kind: InsightKindEnum
    kind_label: str
    recommendation: bool
    title: str
    explanation: str
    evidence: InsightEvidenceOutput
    dismissed_by: None | str
    page: str
    history: list[InsightEventOutput]
    node_key: str | Unset = UNSET
    severity: InsightSeverityEnum | Unset = UNSET
    state: InsightStateEnum | Unset = UNSET
    first_seen: datetime.datetime | Unset = UNSET
    last_seen: datetime.datetime | Unset = UNSET
    times_seen: int | Unset = UNSET
    closed_at: datetime.datetime | None | Unset = UNSET
    dismissed_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.insight_event_output import InsightEventOutput # noqa: PLC0415
        from ..models.insight_evidence_output import InsightEvidenceOutput # noqa: PLC0415
        id = self.id

        pipeline = self.pipeline

        pipeline_name = self.pipeline_name

        kind = self.kind.value

        kind_label = self.kind_label

        recommendation = self.recommendation

        title = self.title

        explanation = self.explanation

        evidence = self.evidence.to_dict()

        dismissed_by: None | str
        dismissed_by = self.dismissed_by

        page = self.page

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)



        node_key = self.node_key

        severity: str | Unset = UNSET
        if not isinstance(self.severity, Unset):
            severity = self.severity.value


        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value


        first_seen: str | Unset = UNSET
        if not isinstance(self.first_seen, Unset):
            first_seen = self.first_seen.isoformat()

        last_seen: str | Unset = UNSET
        if not isinstance(self.last_seen, Unset):
            last_seen = self.last_seen.isoformat()

        times_seen = self.times_seen

        closed_at: None | str | Unset
        if isinstance(self.closed_at, Unset):
            closed_at = UNSET
        elif isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        dismissed_at: None | str | Unset
        if isinstance(self.dismissed_at, Unset):
            dismissed_at = UNSET
        elif isinstance(self.dismissed_at, datetime.datetime):
            dismissed_at = self.dismissed_at.isoformat()
        else:
            dismissed_at = self.dismissed_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "pipeline": pipeline,
            "pipeline_name": pipeline_name,
            "kind": kind,
            "kind_label": kind_label,
            "recommendation": recommendation,
            "title": title,
            "explanation": explanation,
            "evidence": evidence,
            "dismissed_by": dismissed_by,
            "page": page,
            "history": history,
        })
        if node_key is not UNSET:
            field_dict["node_key"] = node_key
        if severity is not UNSET:
            field_dict["severity"] = severity
        if state is not UNSET:
            field_dict["state"] = state
        if first_seen is not UNSET:
            field_dict["first_seen"] = first_seen
        if last_seen is not UNSET:
            field_dict["last_seen"] = last_seen
        if times_seen is not UNSET:
            field_dict["times_seen"] = times_seen
        if closed_at is not UNSET:
            field_dict["closed_at"] = closed_at
        if dismissed_at is not UNSET:
            field_dict["dismissed_at"] = dismissed_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.insight_event_output import InsightEventOutput # noqa: PLC0415
        from ..models.insight_evidence_output import InsightEvidenceOutput # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        pipeline = d.pop("pipeline")

        pipeline_name = d.pop("pipeline_name")

        kind = InsightKindEnum(d.pop("kind"))




        kind_label = d.pop("kind_label")

        recommendation = d.pop("recommendation")

        title = d.pop("title")

        explanation = d.pop("explanation")

        evidence = InsightEvidenceOutput.from_dict(d.pop("evidence"))




        def _parse_dismissed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        dismissed_by = _parse_dismissed_by(d.pop("dismissed_by"))


        page = d.pop("page")

        history = []
        _history = d.pop("history")
        for history_item_data in (_history):
            history_item = InsightEventOutput.from_dict(history_item_data)



            history.append(history_item)


        node_key = d.pop("node_key", UNSET)

        _severity = d.pop("severity", UNSET)
        severity: InsightSeverityEnum | Unset
        if isinstance(_severity,  Unset):
            severity = UNSET
        else:
            severity = InsightSeverityEnum(_severity)




        _state = d.pop("state", UNSET)
        state: InsightStateEnum | Unset
        if isinstance(_state,  Unset):
            state = UNSET
        else:
            state = InsightStateEnum(_state)




        _first_seen = d.pop("first_seen", UNSET)
        first_seen: datetime.datetime | Unset
        if isinstance(_first_seen,  Unset):
            first_seen = UNSET
        else:
            first_seen = datetime.datetime.fromisoformat(_first_seen)




        _last_seen = d.pop("last_seen", UNSET)
        last_seen: datetime.datetime | Unset
        if isinstance(_last_seen,  Unset):
            last_seen = UNSET
        else:
            last_seen = datetime.datetime.fromisoformat(_last_seen)




        times_seen = d.pop("times_seen", UNSET)

        def _parse_closed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)



                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        closed_at = _parse_closed_at(d.pop("closed_at", UNSET))


        def _parse_dismissed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                dismissed_at_type_0 = datetime.datetime.fromisoformat(data)



                return dismissed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        dismissed_at = _parse_dismissed_at(d.pop("dismissed_at", UNSET))


        insight_detail_output = cls(
            id=id,
            pipeline=pipeline,
            pipeline_name=pipeline_name,
            kind=kind,
            kind_label=kind_label,
            recommendation=recommendation,
            title=title,
            explanation=explanation,
            evidence=evidence,
            dismissed_by=dismissed_by,
            page=page,
            history=history,
            node_key=node_key,
            severity=severity,
            state=state,
            first_seen=first_seen,
            last_seen=last_seen,
            times_seen=times_seen,
            closed_at=closed_at,
            dismissed_at=dismissed_at,
        )


        insight_detail_output.additional_properties = d
        return insight_detail_output

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
