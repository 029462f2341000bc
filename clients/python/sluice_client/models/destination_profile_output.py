from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.comparison_output import ComparisonOutput
  from ..models.profile_output import ProfileOutput





T = TypeVar("T", bound="DestinationProfileOutput")



@_attrs_define
class DestinationProfileOutput:
    """ 
        Attributes:
            node_key (str):
            port (str):
            rows (int | None):
            created_at (datetime.datetime):
            profile (ProfileOutput):
            previous_execution (int | None): The previous successful run with a profile of this node.
            comparison (ComparisonOutput | None):
     """

    node_key: str
    port: str
    rows: int | None
    created_at: datetime.datetime
    profile: ProfileOutput
    previous_execution: int | None
    comparison: ComparisonOutput | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.comparison_output import ComparisonOutput # noqa: PLC0415
        from ..models.profile_output import ProfileOutput # noqa: PLC0415
        node_key = self.node_key

        port = self.port

        rows: int | None
        rows = self.rows

        created_at = self.created_at.isoformat()

        profile = self.profile.to_dict()

        previous_execution: int | None
        previous_execution = self.previous_execution

        comparison: dict[str, Any] | None
        if isinstance(self.comparison, ComparisonOutput):
            comparison = self.comparison.to_dict()
        else:
            comparison = self.comparison


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "node_key": node_key,
            "port": port,
            "rows": rows,
            "created_at": created_at,
            "profile": profile,
            "previous_execution": previous_execution,
            "comparison": comparison,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.comparison_output import ComparisonOutput # noqa: PLC0415
        from ..models.profile_output import ProfileOutput # noqa: PLC0415
        d = dict(src_dict)
        node_key = d.pop("node_key")

        port = d.pop("port")

        def _parse_rows(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rows = _parse_rows(d.pop("rows"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        profile = ProfileOutput.from_dict(d.pop("profile"))




        def _parse_previous_execution(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        previous_execution = _parse_previous_execution(d.pop("previous_execution"))


        def _parse_comparison(data: object) -> ComparisonOutput | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                comparison_type_1 = ComparisonOutput.from_dict(data)



                return comparison_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ComparisonOutput | None, data)

        comparison = _parse_comparison(d.pop("comparison"))


        destination_profile_output = cls(
            node_key=node_key,
            port=port,
            rows=rows,
            created_at=created_at,
            profile=profile,
            previous_execution=previous_execution,
            comparison=comparison,
        )


        destination_profile_output.additional_properties = d
        return destination_profile_output

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
