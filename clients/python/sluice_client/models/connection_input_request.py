from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.connection_kind_enum import ConnectionKindEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.connection_input_request_config import ConnectionInputRequestConfig
  from ..models.connection_input_request_secrets import ConnectionInputRequestSecrets





T = TypeVar("T", bound="ConnectionInputRequest")



@_attrs_define
class ConnectionInputRequest:
    """ 
        Attributes:
            name (str):
            kind (ConnectionKindEnum): * `postgresql` - PostgreSQL
                * `mysql` - MySQL / MariaDB
                * `sqlite` - SQLite
                * `duckdb` - DuckDB
                * `http` - HTTP API
                * `git` - Git (deploy key or token)
                * `spark` - Apache Spark (Spark Connect)
            slug (str | Unset): Unique; nodes refer to it. Made from the name when omitted.
            description (str | Unset):
            config (ConnectionInputRequestConfig | Unset): Non-secret settings; see /api/connections/kinds/.
            secrets (ConnectionInputRequestSecrets | Unset): Write-only. On update, a key with a value sets it, a key with
                null removes it, keys not given are kept. Never returned: responses list secret_keys only.
     """

    name: str
    kind: ConnectionKindEnum
    slug: str | Unset = UNSET
    description: str | Unset = UNSET
    config: ConnectionInputRequestConfig | Unset = UNSET
    secrets: ConnectionInputRequestSecrets | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.connection_input_request_config import ConnectionInputRequestConfig # noqa: PLC0415
        from ..models.connection_input_request_secrets import ConnectionInputRequestSecrets # noqa: PLC0415
        name = self.name

        kind = self.kind.value

        slug = self.slug

        description = self.description

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        secrets: dict[str, Any] | Unset = UNSET
        if not isinstance(self.secrets, Unset):
            secrets = self.secrets.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "kind": kind,
        })
        if slug is not UNSET:
            field_dict["slug"] = slug
        if description is not UNSET:
            field_dict["description"] = description
        if config is not UNSET:
            field_dict["config"] = config
        if secrets is not UNSET:
            field_dict["secrets"] = secrets

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connection_input_request_config import ConnectionInputRequestConfig # noqa: PLC0415
        from ..models.connection_input_request_secrets import ConnectionInputRequestSecrets # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        kind = ConnectionKindEnum(d.pop("kind"))




        slug = d.pop("slug", UNSET)

        description = d.pop("description", UNSET)

        _config = d.pop("config", UNSET)
        config: ConnectionInputRequestConfig | Unset
        if isinstance(_config,  Unset):
            config = UNSET
        else:
            config = ConnectionInputRequestConfig.from_dict(_config)




        _secrets = d.pop("secrets", UNSET)
        secrets: ConnectionInputRequestSecrets | Unset
        if isinstance(_secrets,  Unset):
            secrets = UNSET
        else:
            secrets = ConnectionInputRequestSecrets.from_dict(_secrets)




        connection_input_request = cls(
            name=name,
            kind=kind,
            slug=slug,
            description=description,
            config=config,
            secrets=secrets,
        )


        connection_input_request.additional_properties = d
        return connection_input_request

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
