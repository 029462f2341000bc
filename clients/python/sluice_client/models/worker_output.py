from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.worker_output_status_enum import WorkerOutputStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="WorkerOutput")



@_attrs_define
class WorkerOutput:
    """ 
        Attributes:
            name (str):
            host (str):
            pid (int):
            started_at (datetime.datetime):
            last_seen (datetime.datetime):
            status (WorkerOutputStatusEnum | Unset): * `online` - Online
                * `offline` - Offline
            cpu_percent (float | Unset):
            memory_percent (float | Unset):
            concurrency (int | Unset):
            queues (Any | Unset):
     """

    name: str
    host: str
    pid: int
    started_at: datetime.datetime
    last_seen: datetime.datetime
    status: WorkerOutputStatusEnum | Unset = UNSET
    cpu_percent: float | Unset = UNSET
    memory_percent: float | Unset = UNSET
    concurrency: int | Unset = UNSET
    queues: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        host = self.host

        pid = self.pid

        started_at = self.started_at.isoformat()

        last_seen = self.last_seen.isoformat()

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        cpu_percent = self.cpu_percent

        memory_percent = self.memory_percent

        concurrency = self.concurrency

        queues = self.queues


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "host": host,
            "pid": pid,
            "started_at": started_at,
            "last_seen": last_seen,
        })
        if status is not UNSET:
            field_dict["status"] = status
        if cpu_percent is not UNSET:
            field_dict["cpu_percent"] = cpu_percent
        if memory_percent is not UNSET:
            field_dict["memory_percent"] = memory_percent
        if concurrency is not UNSET:
            field_dict["concurrency"] = concurrency
        if queues is not UNSET:
            field_dict["queues"] = queues

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        host = d.pop("host")

        pid = d.pop("pid")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))




        last_seen = datetime.datetime.fromisoformat(d.pop("last_seen"))




        _status = d.pop("status", UNSET)
        status: WorkerOutputStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = WorkerOutputStatusEnum(_status)




        cpu_percent = d.pop("cpu_percent", UNSET)

        memory_percent = d.pop("memory_percent", UNSET)

        concurrency = d.pop("concurrency", UNSET)

        queues = d.pop("queues", UNSET)

        worker_output = cls(
            name=name,
            host=host,
            pid=pid,
            started_at=started_at,
            last_seen=last_seen,
            status=status,
            cpu_percent=cpu_percent,
            memory_percent=memory_percent,
            concurrency=concurrency,
            queues=queues,
        )


        worker_output.additional_properties = d
        return worker_output

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
