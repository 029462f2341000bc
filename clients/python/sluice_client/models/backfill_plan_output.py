from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.backfill_plan_output_skipped_item import BackfillPlanOutputSkippedItem
  from ..models.backfill_plan_output_to_run_item import BackfillPlanOutputToRunItem





T = TypeVar("T", bound="BackfillPlanOutput")



@_attrs_define
class BackfillPlanOutput:
    """ 
        Attributes:
            to_run (list[BackfillPlanOutputToRunItem]): [{start, end}] in UTC, oldest first.
            skipped (list[BackfillPlanOutputSkippedItem]): Intervals with a successful run already.
     """

    to_run: list[BackfillPlanOutputToRunItem]
    skipped: list[BackfillPlanOutputSkippedItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.backfill_plan_output_skipped_item import BackfillPlanOutputSkippedItem # noqa: PLC0415
        from ..models.backfill_plan_output_to_run_item import BackfillPlanOutputToRunItem # noqa: PLC0415
        to_run = []
        for to_run_item_data in self.to_run:
            to_run_item = to_run_item_data.to_dict()
            to_run.append(to_run_item)



        skipped = []
        for skipped_item_data in self.skipped:
            skipped_item = skipped_item_data.to_dict()
            skipped.append(skipped_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "to_run": to_run,
            "skipped": skipped,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backfill_plan_output_skipped_item import BackfillPlanOutputSkippedItem # noqa: PLC0415
        from ..models.backfill_plan_output_to_run_item import BackfillPlanOutputToRunItem # noqa: PLC0415
        d = dict(src_dict)
        to_run = []
        _to_run = d.pop("to_run")
        for to_run_item_data in (_to_run):
            to_run_item = BackfillPlanOutputToRunItem.from_dict(to_run_item_data)



            to_run.append(to_run_item)


        skipped = []
        _skipped = d.pop("skipped")
        for skipped_item_data in (_skipped):
            skipped_item = BackfillPlanOutputSkippedItem.from_dict(skipped_item_data)



            skipped.append(skipped_item)


        backfill_plan_output = cls(
            to_run=to_run,
            skipped=skipped,
        )


        backfill_plan_output.additional_properties = d
        return backfill_plan_output

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
