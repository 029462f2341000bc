from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.git_sync_status_enum import GitSyncStatusEnum
from ..models.git_sync_trigger_enum import GitSyncTriggerEnum
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.sync_result_output import SyncResultOutput





T = TypeVar("T", bound="SyncOutput")



@_attrs_define
class SyncOutput:
    """ 
        Attributes:
            id (int):
            repository (int):
            queued_at (datetime.datetime):
            results (list[SyncResultOutput]):
            trigger (GitSyncTriggerEnum | Unset): * `schedule` - Schedule
                * `webhook` - Webhook
                * `manual` - Manual
            status (GitSyncStatusEnum | Unset): * `queued` - Queued
                * `running` - Running
                * `succeeded` - Succeeded
                * `partial` - Partly applied
                * `failed` - Failed
            started_at (datetime.datetime | None | Unset):
            finished_at (datetime.datetime | None | Unset):
            commit_before (str | Unset):
            commit_after (str | Unset):
            applied (int | Unset):
            unchanged (int | Unset):
            conflicted (int | Unset):
            failed (int | Unset):
            removed (int | Unset):
            error (str | Unset):
     """

    id: int
    repository: int
    queued_at: datetime.datetime
    results: list[SyncResultOutput]
    trigger: GitSyncTriggerEnum | Unset = UNSET
    status: GitSyncStatusEnum | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    commit_before: str | Unset = UNSET
    commit_after: str | Unset = UNSET
    applied: int | Unset = UNSET
    unchanged: int | Unset = UNSET
    conflicted: int | Unset = UNSET
    failed: int | Unset = UNSET
    removed: int | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.sync_result_output import SyncResultOutput # noqa: PLC0415
        id = self.id

        repository = self.repository

        queued_at = self.queued_at.isoformat()

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)



        trigger: str | Unset = UNSET
        if not isinstance(self.trigger, Unset):
            trigger = self.trigger.value


        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        commit_before = self.commit_before

        commit_after = self.commit_after

        applied = self.applied

        unchanged = self.unchanged

        conflicted = self.conflicted

        failed = self.failed

        removed = self.removed

        error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "repository": repository,
            "queued_at": queued_at,
            "results": results,
        })
        if trigger is not UNSET:
            field_dict["trigger"] = trigger
        if status is not UNSET:
            field_dict["status"] = status
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if commit_before is not UNSET:
            field_dict["commit_before"] = commit_before
        if commit_after is not UNSET:
            field_dict["commit_after"] = commit_after
        if applied is not UNSET:
            field_dict["applied"] = applied
        if unchanged is not UNSET:
            field_dict["unchanged"] = unchanged
        if conflicted is not UNSET:
            field_dict["conflicted"] = conflicted
        if failed is not UNSET:
            field_dict["failed"] = failed
        if removed is not UNSET:
            field_dict["removed"] = removed
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_result_output import SyncResultOutput # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        repository = d.pop("repository")

        queued_at = datetime.datetime.fromisoformat(d.pop("queued_at"))




        results = []
        _results = d.pop("results")
        for results_item_data in (_results):
            results_item = SyncResultOutput.from_dict(results_item_data)



            results.append(results_item)


        _trigger = d.pop("trigger", UNSET)
        trigger: GitSyncTriggerEnum | Unset
        if isinstance(_trigger,  Unset):
            trigger = UNSET
        else:
            trigger = GitSyncTriggerEnum(_trigger)




        _status = d.pop("status", UNSET)
        status: GitSyncStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = GitSyncStatusEnum(_status)




        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)



                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))


        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))


        commit_before = d.pop("commit_before", UNSET)

        commit_after = d.pop("commit_after", UNSET)

        applied = d.pop("applied", UNSET)

        unchanged = d.pop("unchanged", UNSET)

        conflicted = d.pop("conflicted", UNSET)

        failed = d.pop("failed", UNSET)

        removed = d.pop("removed", UNSET)

        error = d.pop("error", UNSET)

        sync_output = cls(
            id=id,
            repository=repository,
            queued_at=queued_at,
            results=results,
            trigger=trigger,
            status=status,
            started_at=started_at,
            finished_at=finished_at,
            commit_before=commit_before,
            commit_after=commit_after,
            applied=applied,
            unchanged=unchanged,
            conflicted=conflicted,
            failed=failed,
            removed=removed,
            error=error,
        )


        sync_output.additional_properties = d
        return sync_output

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
