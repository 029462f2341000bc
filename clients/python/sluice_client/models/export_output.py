from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.export_metadata_output import ExportMetadataOutput
  from ..models.export_spec_output import ExportSpecOutput





T = TypeVar("T", bound="ExportOutput")



@_attrs_define
class ExportOutput:
    """ The portable document made by export and read by import (docs/documents.md; its JSON Schema is
    /api/schema/pipeline-document.json).

        Attributes:
            api_version (str): Document format: sluice.dev/v1.
            kind (str): Pipeline.
            metadata (ExportMetadataOutput):
            spec (ExportSpecOutput):
     """

    api_version: str
    kind: str
    metadata: ExportMetadataOutput
    spec: ExportSpecOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.export_metadata_output import ExportMetadataOutput # noqa: PLC0415
        from ..models.export_spec_output import ExportSpecOutput # noqa: PLC0415
        api_version = self.api_version

        kind = self.kind

        metadata = self.metadata.to_dict()

        spec = self.spec.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "apiVersion": api_version,
            "kind": kind,
            "metadata": metadata,
            "spec": spec,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.export_metadata_output import ExportMetadataOutput # noqa: PLC0415
        from ..models.export_spec_output import ExportSpecOutput # noqa: PLC0415
        d = dict(src_dict)
        api_version = d.pop("apiVersion")

        kind = d.pop("kind")

        metadata = ExportMetadataOutput.from_dict(d.pop("metadata"))




        spec = ExportSpecOutput.from_dict(d.pop("spec"))




        export_output = cls(
            api_version=api_version,
            kind=kind,
            metadata=metadata,
            spec=spec,
        )


        export_output.additional_properties = d
        return export_output

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
