from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.resources_output import ResourcesOutput
  from ..models.timeline_output_execution import TimelineOutputExecution
  from ..models.timeline_step_output import TimelineStepOutput





T = TypeVar("T", bound="TimelineOutput")



@_attrs_define
class TimelineOutput:
    """ 
        Attributes:
            execution (TimelineOutputExecution):
            steps (list[TimelineStepOutput]):
            resources (ResourcesOutput):
     """

    execution: TimelineOutputExecution
    steps: list[TimelineStepOutput]
    resources: ResourcesOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.resources_output import ResourcesOutput # noqa: PLC0415
        from ..models.timeline_output_execution import TimelineOutputExecution # noqa: PLC0415
        from ..models.timeline_step_output import TimelineStepOutput # noqa: PLC0415
        execution = self.execution.to_dict()

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)



        resources = self.resources.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "execution": execution,
            "steps": steps,
            "resources": resources,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resources_output import ResourcesOutput # noqa: PLC0415
        from ..models.timeline_output_execution import TimelineOutputExecution # noqa: PLC0415
        from ..models.timeline_step_output import TimelineStepOutput # noqa: PLC0415
        d = dict(src_dict)
        execution = TimelineOutputExecution.from_dict(d.pop("execution"))




        steps = []
        _steps = d.pop("steps")
        for steps_item_data in (_steps):
            steps_item = TimelineStepOutput.from_dict(steps_item_data)



            steps.append(steps_item)


        resources = ResourcesOutput.from_dict(d.pop("resources"))




        timeline_output = cls(
            execution=execution,
            steps=steps,
            resources=resources,
        )


        timeline_output.additional_properties = d
        return timeline_output

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
