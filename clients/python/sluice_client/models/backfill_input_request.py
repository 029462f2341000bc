from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="BackfillInputRequest")



@_attrs_define
class BackfillInputRequest:
    """ 
        Attributes:
            start (str): Start of the range (inclusive): a date or date-time, in the schedule's time zone unless it has an
                offset.
            end (str): End of the range (exclusive).
            concurrency (int | Unset): Runs at once (at most SLUICE_BACKFILL_MAX_CONCURRENCY). Default: 1.
            dry_run (bool | Unset): Only list the intervals that would run and those skipped. Default: False.
     """

    start: str
    end: str
    concurrency: int | Unset = 1
    dry_run: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        start = self.start

        end = self.end

        concurrency = self.concurrency

        dry_run = self.dry_run


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "start": start,
            "end": end,
        })
        if concurrency is not UNSET:
            field_dict["concurrency"] = concurrency
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = d.pop("start")

        end = d.pop("end")

        concurrency = d.pop("concurrency", UNSET)

        dry_run = d.pop("dry_run", UNSET)

        backfill_input_request = cls(
            start=start,
            end=end,
            concurrency=concurrency,
            dry_run=dry_run,
        )


        backfill_input_request.additional_properties = d
        return backfill_input_request

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
