from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.connection_kind_enum import ConnectionKindEnum
from typing import cast
import datetime






T = TypeVar("T", bound="ConnectionOutput")



@_attrs_define
class ConnectionOutput:
    """ 
        Attributes:
            id (int):
            name (str):
            slug (str):
            kind (ConnectionKindEnum): * `postgresql` - PostgreSQL
                * `mysql` - MySQL / MariaDB
                * `sqlite` - SQLite
                * `duckdb` - DuckDB
                * `http` - HTTP API
                * `git` - Git (deploy key or token)
                * `spark` - Apache Spark (Spark Connect)
            description (str):
            config (Any): Non-secret settings (host, port, database...).
            secret_keys (list[str]): Names of the stored secrets (never their values).
            owner (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
     """

    id: int
    name: str
    slug: str
    kind: ConnectionKindEnum
    description: str
    config: Any
    secret_keys: list[str]
    owner: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        slug = self.slug

        kind = self.kind.value

        description = self.description

        config = self.config

        secret_keys = self.secret_keys



        owner = self.owner

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "slug": slug,
            "kind": kind,
            "description": description,
            "config": config,
            "secret_keys": secret_keys,
            "owner": owner,
            "created_at": created_at,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        slug = d.pop("slug")

        kind = ConnectionKindEnum(d.pop("kind"))




        description = d.pop("description")

        config = d.pop("config")

        secret_keys = cast(list[str], d.pop("secret_keys"))


        owner = d.pop("owner")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        connection_output = cls(
            id=id,
            name=name,
            slug=slug,
            kind=kind,
            description=description,
            config=config,
            secret_keys=secret_keys,
            owner=owner,
            created_at=created_at,
            updated_at=updated_at,
        )


        connection_output.additional_properties = d
        return connection_output

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
