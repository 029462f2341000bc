from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.graph_node_output_position import GraphNodeOutputPosition
  from ..models.latest_step_output import LatestStepOutput
  from ..models.stage_figures_output import StageFiguresOutput





T = TypeVar("T", bound="GraphNodeOutput")



@_attrs_define
class GraphNodeOutput:
    """ 
        Attributes:
            key (str):
            type_ (str):
            label (str):
            position (GraphNodeOutputPosition):
            latest (LatestStepOutput | None):
            metrics (None | StageFiguresOutput):
     """

    key: str
    type_: str
    label: str
    position: GraphNodeOutputPosition
    latest: LatestStepOutput | None
    metrics: None | StageFiguresOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.graph_node_output_position import GraphNodeOutputPosition # noqa: PLC0415
        from ..models.latest_step_output import LatestStepOutput # noqa: PLC0415
        from ..models.stage_figures_output import StageFiguresOutput # noqa: PLC0415
        key = self.key

        type_ = self.type_

        label = self.label

        position = self.position.to_dict()

        latest: dict[str, Any] | None
        if isinstance(self.latest, LatestStepOutput):
            latest = self.latest.to_dict()
        else:
            latest = self.latest

        metrics: dict[str, Any] | None
        if isinstance(self.metrics, StageFiguresOutput):
            metrics = self.metrics.to_dict()
        else:
            metrics = self.metrics


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "key": key,
            "type": type_,
            "label": label,
            "position": position,
            "latest": latest,
            "metrics": metrics,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.graph_node_output_position import GraphNodeOutputPosition # noqa: PLC0415
        from ..models.latest_step_output import LatestStepOutput # noqa: PLC0415
        from ..models.stage_figures_output import StageFiguresOutput # noqa: PLC0415
        d = dict(src_dict)
        key = d.pop("key")

        type_ = d.pop("type")

        label = d.pop("label")

        position = GraphNodeOutputPosition.from_dict(d.pop("position"))




        def _parse_latest(data: object) -> LatestStepOutput | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                latest_type_1 = LatestStepOutput.from_dict(data)



                return latest_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LatestStepOutput | None, data)

        latest = _parse_latest(d.pop("latest"))


        def _parse_metrics(data: object) -> None | StageFiguresOutput:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metrics_type_1 = StageFiguresOutput.from_dict(data)



                return metrics_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StageFiguresOutput, data)

        metrics = _parse_metrics(d.pop("metrics"))


        graph_node_output = cls(
            key=key,
            type_=type_,
            label=label,
            position=position,
            latest=latest,
            metrics=metrics,
        )


        graph_node_output.additional_properties = d
        return graph_node_output

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
