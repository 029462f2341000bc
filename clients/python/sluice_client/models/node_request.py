from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.node_request_config import NodeRequestConfig
  from ..models.position_request import PositionRequest





T = TypeVar("T", bound="NodeRequest")



@_attrs_define
class NodeRequest:
    """ 
        Attributes:
            key (str): Stable id of the node within the pipeline, e.g. filter_1.
            type_ (str): Node type key, e.g. transform.filter (see /api/node-types/).
            label (str | Unset): Label shown on the canvas.
            config (NodeRequestConfig | Unset): Configuration, checked by the node type's schema.
            position (PositionRequest | Unset):
     """

    key: str
    type_: str
    label: str | Unset = UNSET
    config: NodeRequestConfig | Unset = UNSET
    position: PositionRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.node_request_config import NodeRequestConfig # noqa: PLC0415
        from ..models.position_request import PositionRequest # noqa: PLC0415
        key = self.key

        type_ = self.type_

        label = self.label

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        position: dict[str, Any] | Unset = UNSET
        if not isinstance(self.position, Unset):
            position = self.position.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "key": key,
            "type": type_,
        })
        if label is not UNSET:
            field_dict["label"] = label
        if config is not UNSET:
            field_dict["config"] = config
        if position is not UNSET:
            field_dict["position"] = position

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.node_request_config import NodeRequestConfig # noqa: PLC0415
        from ..models.position_request import PositionRequest # noqa: PLC0415
        d = dict(src_dict)
        key = d.pop("key")

        type_ = d.pop("type")

        label = d.pop("label", UNSET)

        _config = d.pop("config", UNSET)
        config: NodeRequestConfig | Unset
        if isinstance(_config,  Unset):
            config = UNSET
        else:
            config = NodeRequestConfig.from_dict(_config)




        _position = d.pop("position", UNSET)
        position: PositionRequest | Unset
        if isinstance(_position,  Unset):
            position = UNSET
        else:
            position = PositionRequest.from_dict(_position)




        node_request = cls(
            key=key,
            type_=type_,
            label=label,
            config=config,
            position=position,
        )


        node_request.additional_properties = d
        return node_request

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
