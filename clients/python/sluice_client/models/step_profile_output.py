from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.profile_output import ProfileOutput





T = TypeVar("T", bound="StepProfileOutput")



@_attrs_define
class StepProfileOutput:
    """ 
        Attributes:
            node_key (str):
            port (str): The output port profiled (a destination's: its input, in).
            recomputed (bool): True: rebuilt from the fused chain's input (or a dry run).
            profile (ProfileOutput):
            sample_rows (int | Unset): Dry runs: rows read per source.
     """

    node_key: str
    port: str
    recomputed: bool
    profile: ProfileOutput
    sample_rows: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.profile_output import ProfileOutput # noqa: PLC0415
        node_key = self.node_key

        port = self.port

        recomputed = self.recomputed

        profile = self.profile.to_dict()

        sample_rows = self.sample_rows


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "node_key": node_key,
            "port": port,
            "recomputed": recomputed,
            "profile": profile,
        })
        if sample_rows is not UNSET:
            field_dict["sample_rows"] = sample_rows

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.profile_output import ProfileOutput # noqa: PLC0415
        d = dict(src_dict)
        node_key = d.pop("node_key")

        port = d.pop("port")

        recomputed = d.pop("recomputed")

        profile = ProfileOutput.from_dict(d.pop("profile"))




        sample_rows = d.pop("sample_rows", UNSET)

        step_profile_output = cls(
            node_key=node_key,
            port=port,
            recomputed=recomputed,
            profile=profile,
            sample_rows=sample_rows,
        )


        step_profile_output.additional_properties = d
        return step_profile_output

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
