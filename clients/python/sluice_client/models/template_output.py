from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.graph import Graph





T = TypeVar("T", bound="TemplateOutput")



@_attrs_define
class TemplateOutput:
    """ 
        Attributes:
            id (int):
            name (str):
            slug (str):
            category (str):
            description (str):
            graph (Graph):
            parameters (Any): JSON Schema of the template's parameters.
            owner (None | str): Who may change or delete it (besides admins); null on built-in templates.
            builtin (bool): Shipped with Sluice: read-only for everyone.
            created_by (None | str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
     """

    id: int
    name: str
    slug: str
    category: str
    description: str
    graph: Graph
    parameters: Any
    owner: None | str
    builtin: bool
    created_by: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.graph import Graph # noqa: PLC0415
        id = self.id

        name = self.name

        slug = self.slug

        category = self.category

        description = self.description

        graph = self.graph.to_dict()

        parameters = self.parameters

        owner: None | str
        owner = self.owner

        builtin = self.builtin

        created_by: None | str
        created_by = self.created_by

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "slug": slug,
            "category": category,
            "description": description,
            "graph": graph,
            "parameters": parameters,
            "owner": owner,
            "builtin": builtin,
            "created_by": created_by,
            "created_at": created_at,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.graph import Graph # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        slug = d.pop("slug")

        category = d.pop("category")

        description = d.pop("description")

        graph = Graph.from_dict(d.pop("graph"))




        parameters = d.pop("parameters")

        def _parse_owner(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        owner = _parse_owner(d.pop("owner"))


        builtin = d.pop("builtin")

        def _parse_created_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_by = _parse_created_by(d.pop("created_by"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        template_output = cls(
            id=id,
            name=name,
            slug=slug,
            category=category,
            description=description,
            graph=graph,
            parameters=parameters,
            owner=owner,
            builtin=builtin,
            created_by=created_by,
            created_at=created_at,
            updated_at=updated_at,
        )


        template_output.additional_properties = d
        return template_output

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
