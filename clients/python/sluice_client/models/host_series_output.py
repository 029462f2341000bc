from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.host_sample_output import HostSampleOutput





T = TypeVar("T", bound="HostSeriesOutput")



@_attrs_define
class HostSeriesOutput:
    """ 
        Attributes:
            host (str):
            samples (list[HostSampleOutput]):
     """

    host: str
    samples: list[HostSampleOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.host_sample_output import HostSampleOutput # noqa: PLC0415
        host = self.host

        samples = []
        for samples_item_data in self.samples:
            samples_item = samples_item_data.to_dict()
            samples.append(samples_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "host": host,
            "samples": samples,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.host_sample_output import HostSampleOutput # noqa: PLC0415
        d = dict(src_dict)
        host = d.pop("host")

        samples = []
        _samples = d.pop("samples")
        for samples_item_data in (_samples):
            samples_item = HostSampleOutput.from_dict(samples_item_data)



            samples.append(samples_item)


        host_series_output = cls(
            host=host,
            samples=samples,
        )


        host_series_output.additional_properties = d
        return host_series_output

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
