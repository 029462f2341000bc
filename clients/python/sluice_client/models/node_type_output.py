from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.family_enum import FamilyEnum
from typing import cast

if TYPE_CHECKING:
  from ..models.input_port_output import InputPortOutput
  from ..models.node_type_output_config_schema import NodeTypeOutputConfigSchema
  from ..models.node_type_output_example_type_0 import NodeTypeOutputExampleType0
  from ..models.output_port_output import OutputPortOutput





T = TypeVar("T", bound="NodeTypeOutput")



@_attrs_define
class NodeTypeOutput:
    """ 
        Attributes:
            key (str): Registry key, e.g. transform.filter.
            family (FamilyEnum): * `source` - source
                * `transform` - transform
                * `quality` - quality
                * `destination` - destination
            title (str):
            description (str):
            icon (str): Bootstrap Icons name.
            inputs (list[InputPortOutput]):
            outputs (list[OutputPortOutput]):
            dynamic_outputs (bool): Output ports depend on the config.
            config_schema (NodeTypeOutputConfigSchema): JSON Schema of the node's config (drives the form).
            example (NodeTypeOutputExampleType0 | None): A valid example config.
     """

    key: str
    family: FamilyEnum
    title: str
    description: str
    icon: str
    inputs: list[InputPortOutput]
    outputs: list[OutputPortOutput]
    dynamic_outputs: bool
    config_schema: NodeTypeOutputConfigSchema
    example: NodeTypeOutputExampleType0 | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.input_port_output import InputPortOutput # noqa: PLC0415
        from ..models.node_type_output_config_schema import NodeTypeOutputConfigSchema # noqa: PLC0415
        from ..models.node_type_output_example_type_0 import NodeTypeOutputExampleType0 # noqa: PLC0415
        from ..models.output_port_output import OutputPortOutput # noqa: PLC0415
        key = self.key

        family = self.family.value

        title = self.title

        description = self.description

        icon = self.icon

        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)



        outputs = []
        for outputs_item_data in self.outputs:
            outputs_item = outputs_item_data.to_dict()
            outputs.append(outputs_item)



        dynamic_outputs = self.dynamic_outputs

        config_schema = self.config_schema.to_dict()

        example: dict[str, Any] | None
        if isinstance(self.example, NodeTypeOutputExampleType0):
            example = self.example.to_dict()
        else:
            example = self.example


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "key": key,
            "family": family,
            "title": title,
            "description": description,
            "icon": icon,
            "inputs": inputs,
            "outputs": outputs,
            "dynamic_outputs": dynamic_outputs,
            "config_schema": config_schema,
            "example": example,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.input_port_output import InputPortOutput # noqa: PLC0415
        from ..models.node_type_output_config_schema import NodeTypeOutputConfigSchema # noqa: PLC0415
        from ..models.node_type_output_example_type_0 import NodeTypeOutputExampleType0 # noqa: PLC0415
        from ..models.output_port_output import OutputPortOutput # noqa: PLC0415
        d = dict(src_dict)
        key = d.pop("key")

        family = FamilyEnum(d.pop("family"))




        title = d.pop("title")

        description = d.pop("description")

        icon = d.pop("icon")

        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in (_inputs):
            inputs_item = InputPortOutput.from_dict(inputs_item_data)



            inputs.append(inputs_item)


        outputs = []
        _outputs = d.pop("outputs")
        for outputs_item_data in (_outputs):
            outputs_item = OutputPortOutput.from_dict(outputs_item_data)



            outputs.append(outputs_item)


        dynamic_outputs = d.pop("dynamic_outputs")

        config_schema = NodeTypeOutputConfigSchema.from_dict(d.pop("config_schema"))




        def _parse_example(data: object) -> NodeTypeOutputExampleType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                example_type_0 = NodeTypeOutputExampleType0.from_dict(data)



                return example_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NodeTypeOutputExampleType0 | None, data)

        example = _parse_example(d.pop("example"))


        node_type_output = cls(
            key=key,
            family=family,
            title=title,
            description=description,
            icon=icon,
            inputs=inputs,
            outputs=outputs,
            dynamic_outputs=dynamic_outputs,
            config_schema=config_schema,
            example=example,
        )


        node_type_output.additional_properties = d
        return node_type_output

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
