from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.tour_status_enum import TourStatusEnum
from typing import cast
import datetime






T = TypeVar("T", bound="Onboarding")



@_attrs_define
class Onboarding:
    """ 
        Attributes:
            tour_status (TourStatusEnum): * `new` - Not started
                * `active` - In progress
                * `done` - Finished
                * `skipped` - Skipped
            tour_step (int): The step the tour resumes at (0-based).
            tour_steps (list[str]): The steps, in order: the builder parts they show.
            checklist_dismissed (bool): Admins: the setup checklist is hidden.
            console_email_accepted (bool): Admins: the console email backend is accepted (the checklist counts email as
                done).
            updated_at (datetime.datetime | None):
     """

    tour_status: TourStatusEnum
    tour_step: int
    tour_steps: list[str]
    checklist_dismissed: bool
    console_email_accepted: bool
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        tour_status = self.tour_status.value

        tour_step = self.tour_step

        tour_steps = self.tour_steps



        checklist_dismissed = self.checklist_dismissed

        console_email_accepted = self.console_email_accepted

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "tour_status": tour_status,
            "tour_step": tour_step,
            "tour_steps": tour_steps,
            "checklist_dismissed": checklist_dismissed,
            "console_email_accepted": console_email_accepted,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tour_status = TourStatusEnum(d.pop("tour_status"))




        tour_step = d.pop("tour_step")

        tour_steps = cast(list[str], d.pop("tour_steps"))


        checklist_dismissed = d.pop("checklist_dismissed")

        console_email_accepted = d.pop("console_email_accepted")

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))


        onboarding = cls(
            tour_status=tour_status,
            tour_step=tour_step,
            tour_steps=tour_steps,
            checklist_dismissed=checklist_dismissed,
            console_email_accepted=console_email_accepted,
            updated_at=updated_at,
        )


        onboarding.additional_properties = d
        return onboarding

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
