from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.connection_kind_output_config_schema import ConnectionKindOutputConfigSchema





T = TypeVar("T", bound="ConnectionKindOutput")



@_attrs_define
class ConnectionKindOutput:
    """ 
        Attributes:
            kind (str):
            label (str):
            config_schema (ConnectionKindOutputConfigSchema): JSON Schema of the connection's config.
            secrets (list[str]): Names of the secrets it takes.
     """

    kind: str
    label: str
    config_schema: ConnectionKindOutputConfigSchema
    secrets: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.connection_kind_output_config_schema import ConnectionKindOutputConfigSchema # noqa: PLC0415
        kind = self.kind

        label = self.label

        config_schema = self.config_schema.to_dict()

        secrets = self.secrets




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
            "label": label,
            "config_schema": config_schema,
            "secrets": secrets,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connection_kind_output_config_schema import ConnectionKindOutputConfigSchema # noqa: PLC0415
        d = dict(src_dict)
        kind = d.pop("kind")

        label = d.pop("label")

        config_schema = ConnectionKindOutputConfigSchema.from_dict(d.pop("config_schema"))




        secrets = cast(list[str], d.pop("secrets"))


        connection_kind_output = cls(
            kind=kind,
            label=label,
            config_schema=config_schema,
            secrets=secrets,
        )


        connection_kind_output.additional_properties = d
        return connection_kind_output

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
