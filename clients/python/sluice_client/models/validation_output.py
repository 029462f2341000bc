from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.problem_output import ProblemOutput
  from ..models.validation_output_lineage import ValidationOutputLineage
  from ..models.validation_output_schemas import ValidationOutputSchemas





T = TypeVar("T", bound="ValidationOutput")



@_attrs_define
class ValidationOutput:
    """ 
        Attributes:
            valid (bool):
            problems (list[ProblemOutput]):
            schemas (ValidationOutputSchemas): Node key -> port -> column -> dtype ('in:<port>' keys hold input schemas).
            lineage (ValidationOutputLineage): Node key -> output port -> column -> [{node, port, column}] it comes from.
            order (list[str]): Node keys in execution order.
     """

    valid: bool
    problems: list[ProblemOutput]
    schemas: ValidationOutputSchemas
    lineage: ValidationOutputLineage
    order: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.problem_output import ProblemOutput # noqa: PLC0415
        from ..models.validation_output_lineage import ValidationOutputLineage # noqa: PLC0415
        from ..models.validation_output_schemas import ValidationOutputSchemas # noqa: PLC0415
        valid = self.valid

        problems = []
        for problems_item_data in self.problems:
            problems_item = problems_item_data.to_dict()
            problems.append(problems_item)



        schemas = self.schemas.to_dict()

        lineage = self.lineage.to_dict()

        order = self.order




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "valid": valid,
            "problems": problems,
            "schemas": schemas,
            "lineage": lineage,
            "order": order,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.problem_output import ProblemOutput # noqa: PLC0415
        from ..models.validation_output_lineage import ValidationOutputLineage # noqa: PLC0415
        from ..models.validation_output_schemas import ValidationOutputSchemas # noqa: PLC0415
        d = dict(src_dict)
        valid = d.pop("valid")

        problems = []
        _problems = d.pop("problems")
        for problems_item_data in (_problems):
            problems_item = ProblemOutput.from_dict(problems_item_data)



            problems.append(problems_item)


        schemas = ValidationOutputSchemas.from_dict(d.pop("schemas"))




        lineage = ValidationOutputLineage.from_dict(d.pop("lineage"))




        order = cast(list[str], d.pop("order"))


        validation_output = cls(
            valid=valid,
            problems=problems,
            schemas=schemas,
            lineage=lineage,
            order=order,
        )


        validation_output.additional_properties = d
        return validation_output

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
