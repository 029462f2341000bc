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
  from ..models.patched_connection_input_request_config import PatchedConnectionInputRequestConfig
  from ..models.patched_connection_input_request_secrets import PatchedConnectionInputRequestSecrets





T = TypeVar("T", bound="PatchedConnectionInputRequest")



@_attrs_define
class PatchedConnectionInputRequest:
    """ 
        Attributes:
            name (str | Unset):
            slug (str | Unset): Unique; nodes refer to it. Made from the name when omitted.
            kind (ConnectionKindEnum | Unset): * `postgresql` - PostgreSQL
                * `mysql` - MySQL / MariaDB
                * `sqlite` - SQLite
                * `duckdb` - DuckDB
                * `http` - HTTP API
                * `git` - Git (deploy key or token)
                * `spark` - Apache Spark (Spark Connect)
            description (str | Unset):
            config (PatchedConnectionInputRequestConfig | Unset): Non-secret settings; see /api/connections/kinds/.
            secrets (PatchedConnectionInputRequestSecrets | Unset): Write-only. On update, a key with a value sets it, a key
                with null removes it, keys not given are kept. Never returned: responses list secret_keys only.
     """

    name: str | Unset = UNSET
    slug: str | Unset = UNSET
    kind: ConnectionKindEnum | Unset = UNSET
    description: str | Unset = UNSET
    config: PatchedConnectionInputRequestConfig | Unset = UNSET
    secrets: PatchedConnectionInputRequestSecrets | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.patched_connection_input_request_config import PatchedConnectionInputRequestConfig # noqa: PLC0415
        from ..models.patched_connection_input_request_secrets import PatchedConnectionInputRequestSecrets # noqa: PLC0415
        name = self.name

        slug = self.slug

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


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
        })
        if name is not UNSET:
            field_dict["name"] = name
        if slug is not UNSET:
            field_dict["slug"] = slug
        if kind is not UNSET:
            field_dict["kind"] = kind
        if description is not UNSET:
            field_dict["description"] = description
        if config is not UNSET:
            field_dict["config"] = config
        if secrets is not UNSET:
            field_dict["secrets"] = secrets

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.patched_connection_input_request_config import PatchedConnectionInputRequestConfig # noqa: PLC0415
        from ..models.patched_connection_input_request_secrets import PatchedConnectionInputRequestSecrets # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        slug = d.pop("slug", UNSET)

        _kind = d.pop("kind", UNSET)
        kind: ConnectionKindEnum | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = ConnectionKindEnum(_kind)




        description = d.pop("description", UNSET)

        _config = d.pop("config", UNSET)
        config: PatchedConnectionInputRequestConfig | Unset
        if isinstance(_config,  Unset):
            config = UNSET
        else:
            config = PatchedConnectionInputRequestConfig.from_dict(_config)




        _secrets = d.pop("secrets", UNSET)
        secrets: PatchedConnectionInputRequestSecrets | Unset
        if isinstance(_secrets,  Unset):
            secrets = UNSET
        else:
            secrets = PatchedConnectionInputRequestSecrets.from_dict(_secrets)




        patched_connection_input_request = cls(
            name=name,
            slug=slug,
            kind=kind,
            description=description,
            config=config,
            secrets=secrets,
        )


        patched_connection_input_request.additional_properties = d
        return patched_connection_input_request

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
