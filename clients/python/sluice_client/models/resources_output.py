from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.host_series_output import HostSeriesOutput





T = TypeVar("T", bound="ResourcesOutput")



@_attrs_define
class ResourcesOutput:
    """ 
        Attributes:
            bucket_seconds (int):
            hosts (list[HostSeriesOutput]):
     """

    bucket_seconds: int
    hosts: list[HostSeriesOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.host_series_output import HostSeriesOutput # noqa: PLC0415
        bucket_seconds = self.bucket_seconds

        hosts = []
        for hosts_item_data in self.hosts:
            hosts_item = hosts_item_data.to_dict()
            hosts.append(hosts_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "bucket_seconds": bucket_seconds,
            "hosts": hosts,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.host_series_output import HostSeriesOutput # noqa: PLC0415
        d = dict(src_dict)
        bucket_seconds = d.pop("bucket_seconds")

        hosts = []
        _hosts = d.pop("hosts")
        for hosts_item_data in (_hosts):
            hosts_item = HostSeriesOutput.from_dict(hosts_item_data)



            hosts.append(hosts_item)


        resources_output = cls(
            bucket_seconds=bucket_seconds,
            hosts=hosts,
        )


        resources_output.additional_properties = d
        return resources_output

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
