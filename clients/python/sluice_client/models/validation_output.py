from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

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
            warnings (list[ProblemOutput] | Unset): Not problems: nodes that hold their input in memory and so cannot stream
                (code not_streaming, e.g. 'order: sort holds the whole input in memory').
     """

    valid: bool
    problems: list[ProblemOutput]
    schemas: ValidationOutputSchemas
    lineage: ValidationOutputLineage
    order: list[str]
    warnings: list[ProblemOutput] | Unset = UNSET
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



        warnings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = []
            for warnings_item_data in self.warnings:
                warnings_item = warnings_item_data.to_dict()
                warnings.append(warnings_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "valid": valid,
            "problems": problems,
            "schemas": schemas,
            "lineage": lineage,
            "order": order,
        })
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

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


        _warnings = d.pop("warnings", UNSET)
        warnings: list[ProblemOutput] | Unset = UNSET
        if _warnings is not UNSET:
            warnings = []
            for warnings_item_data in _warnings:
                warnings_item = ProblemOutput.from_dict(warnings_item_data)



                warnings.append(warnings_item)


        validation_output = cls(
            valid=valid,
            problems=problems,
            schemas=schemas,
            lineage=lineage,
            order=order,
            warnings=warnings,
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
