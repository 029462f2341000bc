from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.workflow_output_options import WorkflowOutputOptions





T = TypeVar("T", bound="WorkflowOutput")



@_attrs_define
class WorkflowOutput:
    """ 
        Attributes:
            path (str): Where to commit it, e.g. .github/workflows/sluice.yml.
            content (str): The workflow (YAML).
            pipelines (list[str]): Pipelines the deploy job runs.
            options (WorkflowOutputOptions): Every option, defaults filled in.
     """

    path: str
    content: str
    pipelines: list[str]
    options: WorkflowOutputOptions
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.workflow_output_options import WorkflowOutputOptions # noqa: PLC0415
        path = self.path

        content = self.content

        pipelines = self.pipelines



        options = self.options.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "path": path,
            "content": content,
            "pipelines": pipelines,
            "options": options,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.workflow_output_options import WorkflowOutputOptions # noqa: PLC0415
        d = dict(src_dict)
        path = d.pop("path")

        content = d.pop("content")

        pipelines = cast(list[str], d.pop("pipelines"))


        options = WorkflowOutputOptions.from_dict(d.pop("options"))




        workflow_output = cls(
            path=path,
            content=content,
            pipelines=pipelines,
            options=options,
        )


        workflow_output.additional_properties = d
        return workflow_output

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
