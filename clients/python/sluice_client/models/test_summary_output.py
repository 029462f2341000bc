from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.last_status_enum import LastStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="TestSummaryOutput")



@_attrs_define
class TestSummaryOutput:
    """ 
        Attributes:
            id (int):
            pipeline (int):
            name (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            description (str | Unset):
            last_status (LastStatusEnum | Unset): * `never` - Not run yet
                * `passed` - Passed
                * `failed` - Failed
                * `error` - Error
            last_run_at (datetime.datetime | None | Unset):
            last_duration_ms (int | None | Unset):
     """

    id: int
    pipeline: int
    name: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    description: str | Unset = UNSET
    last_status: LastStatusEnum | Unset = UNSET
    last_run_at: datetime.datetime | None | Unset = UNSET
    last_duration_ms: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        pipeline = self.pipeline

        name = self.name

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        description = self.description

        last_status: str | Unset = UNSET
        if not isinstance(self.last_status, Unset):
            last_status = self.last_status.value


        last_run_at: None | str | Unset
        if isinstance(self.last_run_at, Unset):
            last_run_at = UNSET
        elif isinstance(self.last_run_at, datetime.datetime):
            last_run_at = self.last_run_at.isoformat()
        else:
            last_run_at = self.last_run_at

        last_duration_ms: int | None | Unset
        if isinstance(self.last_duration_ms, Unset):
            last_duration_ms = UNSET
        else:
            last_duration_ms = self.last_duration_ms


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "pipeline": pipeline,
            "name": name,
            "created_at": created_at,
            "updated_at": updated_at,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if last_status is not UNSET:
            field_dict["last_status"] = last_status
        if last_run_at is not UNSET:
            field_dict["last_run_at"] = last_run_at
        if last_duration_ms is not UNSET:
            field_dict["last_duration_ms"] = last_duration_ms

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        pipeline = d.pop("pipeline")

        name = d.pop("name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        description = d.pop("description", UNSET)

        _last_status = d.pop("last_status", UNSET)
        last_status: LastStatusEnum | Unset
        if isinstance(_last_status,  Unset):
            last_status = UNSET
        else:
            last_status = LastStatusEnum(_last_status)




        def _parse_last_run_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_run_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_run_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_run_at = _parse_last_run_at(d.pop("last_run_at", UNSET))


        def _parse_last_duration_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        last_duration_ms = _parse_last_duration_ms(d.pop("last_duration_ms", UNSET))


        test_summary_output = cls(
            id=id,
            pipeline=pipeline,
            name=name,
            created_at=created_at,
            updated_at=updated_at,
            description=description,
            last_status=last_status,
            last_run_at=last_run_at,
            last_duration_ms=last_duration_ms,
        )


        test_summary_output.additional_properties = d
        return test_summary_output

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
