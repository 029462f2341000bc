from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.import_plan_output_action_enum import ImportPlanOutputActionEnum
from typing import cast

if TYPE_CHECKING:
  from ..models.import_plan_output_diff_type_0 import ImportPlanOutputDiffType0
  from ..models.import_plan_output_fields import ImportPlanOutputFields
  from ..models.import_problem_output import ImportProblemOutput





T = TypeVar("T", bound="ImportPlanOutput")



@_attrs_define
class ImportPlanOutput:
    """ 
        Attributes:
            file (str):
            index (int): Position of the document in its file (0-based).
            line (int):
            api_version (str):
            kind (str):
            legacy (bool): An old 'sluice: 1' export.
            target (str): The slug of the pipeline (or the object of another kind).
            id (int | None): The existing object, when it exists.
            action (ImportPlanOutputActionEnum): * `create` - create
                * `update` - update
                * `unchanged` - unchanged
                * `refused` - refused
                * `apply` - apply
            fields (ImportPlanOutputFields): Changed fields: document path -> {from, to}.
            diff (ImportPlanOutputDiffType0 | None): The graph against the current draft (as the version diff).
            valid (bool | None): The graph is valid (can become a version).
            problems (list[ImportProblemOutput]): What stops the document from being applied.
            validation (list[ImportProblemOutput]): The graph's validation problems: fine for a draft, not a version.
     """

    file: str
    index: int
    line: int
    api_version: str
    kind: str
    legacy: bool
    target: str
    id: int | None
    action: ImportPlanOutputActionEnum
    fields: ImportPlanOutputFields
    diff: ImportPlanOutputDiffType0 | None
    valid: bool | None
    problems: list[ImportProblemOutput]
    validation: list[ImportProblemOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.import_plan_output_diff_type_0 import ImportPlanOutputDiffType0 # noqa: PLC0415
        from ..models.import_plan_output_fields import ImportPlanOutputFields # noqa: PLC0415
        from ..models.import_problem_output import ImportProblemOutput # noqa: PLC0415
        file = self.file

        index = self.index

        line = self.line

        api_version = self.api_version

        kind = self.kind

        legacy = self.legacy

        target = self.target

        id: int | None
        id = self.id

        action = self.action.value

        fields = self.fields.to_dict()

        diff: dict[str, Any] | None
        if isinstance(self.diff, ImportPlanOutputDiffType0):
            diff = self.diff.to_dict()
        else:
            diff = self.diff

        valid: bool | None
        valid = self.valid

        problems = []
        for problems_item_data in self.problems:
            problems_item = problems_item_data.to_dict()
            problems.append(problems_item)



        validation = []
        for validation_item_data in self.validation:
            validation_item = validation_item_data.to_dict()
            validation.append(validation_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "file": file,
            "index": index,
            "line": line,
            "api_version": api_version,
            "kind": kind,
            "legacy": legacy,
            "target": target,
            "id": id,
            "action": action,
            "fields": fields,
            "diff": diff,
            "valid": valid,
            "problems": problems,
            "validation": validation,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_plan_output_diff_type_0 import ImportPlanOutputDiffType0 # noqa: PLC0415
        from ..models.import_plan_output_fields import ImportPlanOutputFields # noqa: PLC0415
        from ..models.import_problem_output import ImportProblemOutput # noqa: PLC0415
        d = dict(src_dict)
        file = d.pop("file")

        index = d.pop("index")

        line = d.pop("line")

        api_version = d.pop("api_version")

        kind = d.pop("kind")

        legacy = d.pop("legacy")

        target = d.pop("target")

        def _parse_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        id = _parse_id(d.pop("id"))


        action = ImportPlanOutputActionEnum(d.pop("action"))




        fields = ImportPlanOutputFields.from_dict(d.pop("fields"))




        def _parse_diff(data: object) -> ImportPlanOutputDiffType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                diff_type_0 = ImportPlanOutputDiffType0.from_dict(data)



                return diff_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportPlanOutputDiffType0 | None, data)

        diff = _parse_diff(d.pop("diff"))


        def _parse_valid(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        valid = _parse_valid(d.pop("valid"))


        problems = []
        _problems = d.pop("problems")
        for problems_item_data in (_problems):
            problems_item = ImportProblemOutput.from_dict(problems_item_data)



            problems.append(problems_item)


        validation = []
        _validation = d.pop("validation")
        for validation_item_data in (_validation):
            validation_item = ImportProblemOutput.from_dict(validation_item_data)



            validation.append(validation_item)


        import_plan_output = cls(
            file=file,
            index=index,
            line=line,
            api_version=api_version,
            kind=kind,
            legacy=legacy,
            target=target,
            id=id,
            action=action,
            fields=fields,
            diff=diff,
            valid=valid,
            problems=problems,
            validation=validation,
        )


        import_plan_output.additional_properties = d
        return import_plan_output

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
