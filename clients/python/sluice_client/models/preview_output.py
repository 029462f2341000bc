from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.preview_output_preview_item import PreviewOutputPreviewItem
  from ..models.preview_output_schema import PreviewOutputSchema





T = TypeVar("T", bound="PreviewOutput")



@_attrs_define
class PreviewOutput:
    """ 
        Attributes:
            node_key (str):
            port (str):
            rows (int | None):
            schema (PreviewOutputSchema):
            preview (list[PreviewOutputPreviewItem]):
            recomputed (bool): True when a fused node's output was recomputed from its chain input.
     """

    node_key: str
    port: str
    rows: int | None
    schema: PreviewOutputSchema
    preview: list[PreviewOutputPreviewItem]
    recomputed: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.preview_output_preview_item import PreviewOutputPreviewItem # noqa: PLC0415
        from ..models.preview_output_schema import PreviewOutputSchema # noqa: PLC0415
        node_key = self.node_key

        port = self.port

        rows: int | None
        rows = self.rows

        schema = self.schema.to_dict()

        preview = []
        for preview_item_data in self.preview:
            preview_item = preview_item_data.to_dict()
            preview.append(preview_item)



        recomputed = self.recomputed


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "node_key": node_key,
            "port": port,
            "rows": rows,
            "schema": schema,
            "preview": preview,
            "recomputed": recomputed,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_output_preview_item import PreviewOutputPreviewItem # noqa: PLC0415
        from ..models.preview_output_schema import PreviewOutputSchema # noqa: PLC0415
        d = dict(src_dict)
        node_key = d.pop("node_key")

        port = d.pop("port")

        def _parse_rows(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rows = _parse_rows(d.pop("rows"))


        schema = PreviewOutputSchema.from_dict(d.pop("schema"))




        preview = []
        _preview = d.pop("preview")
        for preview_item_data in (_preview):
            preview_item = PreviewOutputPreviewItem.from_dict(preview_item_data)



            preview.append(preview_item)


        recomputed = d.pop("recomputed")

        preview_output = cls(
            node_key=node_key,
            port=port,
            rows=rows,
            schema=schema,
            preview=preview,
            recomputed=recomputed,
        )


        preview_output.additional_properties = d
        return preview_output

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
