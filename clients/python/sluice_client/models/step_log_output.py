from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="StepLogOutput")



@_attrs_define
class StepLogOutput:
    """ 
        Attributes:
            id (int):
            ts (datetime.datetime):
            level (str):
            message (str):
            node_key (str | Unset):
            logger (str | Unset):
            extra (Any | Unset):
     """

    id: int
    ts: datetime.datetime
    level: str
    message: str
    node_key: str | Unset = UNSET
    logger: str | Unset = UNSET
    extra: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        ts = self.ts.isoformat()

        level = self.level

        message = self.message

        node_key = self.node_key

        logger = self.logger

        extra = self.extra


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "ts": ts,
            "level": level,
            "message": message,
        })
        if node_key is not UNSET:
            field_dict["node_key"] = node_key
        if logger is not UNSET:
            field_dict["logger"] = logger
        if extra is not UNSET:
            field_dict["extra"] = extra

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        ts = datetime.datetime.fromisoformat(d.pop("ts"))




        level = d.pop("level")

        message = d.pop("message")

        node_key = d.pop("node_key", UNSET)

        logger = d.pop("logger", UNSET)

        extra = d.pop("extra", UNSET)

        step_log_output = cls(
            id=id,
            ts=ts,
            level=level,
            message=message,
            node_key=node_key,
            logger=logger,
            extra=extra,
        )


        step_log_output.additional_properties = d
        return step_log_output

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
