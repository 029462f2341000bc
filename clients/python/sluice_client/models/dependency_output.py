from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="DependencyOutput")



@_attrs_define
class DependencyOutput:
    """ 
        Attributes:
            id (int):
            upstream (int):
            upstream_slug (str):
            downstream (int):
            downstream_slug (str):
            created_at (datetime.datetime):
            enabled (bool | Unset):
     """

    id: int
    upstream: int
    upstream_slug: str
    downstream: int
    downstream_slug: str
    created_at: datetime.datetime
    enabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        upstream = self.upstream

        upstream_slug = self.upstream_slug

        downstream = self.downstream

        downstream_slug = self.downstream_slug

        created_at = self.created_at.isoformat()

        enabled = self.enabled


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "upstream": upstream,
            "upstream_slug": upstream_slug,
            "downstream": downstream,
            "downstream_slug": downstream_slug,
            "created_at": created_at,
        })
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        upstream = d.pop("upstream")

        upstream_slug = d.pop("upstream_slug")

        downstream = d.pop("downstream")

        downstream_slug = d.pop("downstream_slug")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        enabled = d.pop("enabled", UNSET)

        dependency_output = cls(
            id=id,
            upstream=upstream,
            upstream_slug=upstream_slug,
            downstream=downstream,
            downstream_slug=downstream_slug,
            created_at=created_at,
            enabled=enabled,
        )


        dependency_output.additional_properties = d
        return dependency_output

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
