from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.tour_status_enum import TourStatusEnum
from ..types import UNSET, Unset






T = TypeVar("T", bound="PatchedOnboardingPatchRequest")



@_attrs_define
class PatchedOnboardingPatchRequest:
    """ 
        Attributes:
            tour_status (TourStatusEnum | Unset): * `new` - Not started
                * `active` - In progress
                * `done` - Finished
                * `skipped` - Skipped
            tour_step (int | Unset): The step the tour resumes at (0-based).
            checklist_dismissed (bool | Unset): Admins: the setup checklist is hidden.
            console_email_accepted (bool | Unset): Admins: the console email backend is accepted (the checklist counts email
                as done).
     """

    tour_status: TourStatusEnum | Unset = UNSET
    tour_step: int | Unset = UNSET
    checklist_dismissed: bool | Unset = UNSET
    console_email_accepted: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        tour_status: str | Unset = UNSET
        if not isinstance(self.tour_status, Unset):
            tour_status = self.tour_status.value


        tour_step = self.tour_step

        checklist_dismissed = self.checklist_dismissed

        console_email_accepted = self.console_email_accepted


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if tour_status is not UNSET:
            field_dict["tour_status"] = tour_status
        if tour_step is not UNSET:
            field_dict["tour_step"] = tour_step
        if checklist_dismissed is not UNSET:
            field_dict["checklist_dismissed"] = checklist_dismissed
        if console_email_accepted is not UNSET:
            field_dict["console_email_accepted"] = console_email_accepted

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _tour_status = d.pop("tour_status", UNSET)
        tour_status: TourStatusEnum | Unset
        if isinstance(_tour_status,  Unset):
            tour_status = UNSET
        else:
            tour_status = TourStatusEnum(_tour_status)




        tour_step = d.pop("tour_step", UNSET)

        checklist_dismissed = d.pop("checklist_dismissed", UNSET)

        console_email_accepted = d.pop("console_email_accepted", UNSET)

        patched_onboarding_patch_request = cls(
            tour_status=tour_status,
            tour_step=tour_step,
            checklist_dismissed=checklist_dismissed,
            console_email_accepted=console_email_accepted,
        )


        patched_onboarding_patch_request.additional_properties = d
        return patched_onboarding_patch_request

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
