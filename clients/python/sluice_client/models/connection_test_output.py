from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ConnectionTestOutput")



@_attrs_define
class ConnectionTestOutput:
    """ 
        Attributes:
            ok (bool):
            message (str):
            latency_ms (float):
            server_version (None | str):
     """

    ok: bool
    message: str
    latency_ms: float
    server_version: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        message = self.message

        latency_ms = self.latency_ms

        server_version: None | str
        server_version = self.server_version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "ok": ok,
            "message": message,
            "latency_ms": latency_ms,
            "server_version": server_version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ok = d.pop("ok")

        message = d.pop("message")

        latency_ms = d.pop("latency_ms")

        def _parse_server_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        server_version = _parse_server_version(d.pop("server_version"))


        connection_test_output = cls(
            ok=ok,
            message=message,
            latency_ms=latency_ms,
            server_version=server_version,
        )


        connection_test_output.additional_properties = d
        return connection_test_output

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
