from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.import_failure_output import ImportFailureOutput
  from ..models.import_plan_output import ImportPlanOutput





T = TypeVar("T", bound="ImportDryRunOutput")



@_attrs_define
class ImportDryRunOutput:
    """ 
        Attributes:
            dry_run (bool):
            ok (bool): Every document can be applied (in the requested mode).
            documents (list[ImportPlanOutput]):
            failures (list[ImportFailureOutput]):
     """

    dry_run: bool
    ok: bool
    documents: list[ImportPlanOutput]
    failures: list[ImportFailureOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.import_failure_output import ImportFailureOutput # noqa: PLC0415
        from ..models.import_plan_output import ImportPlanOutput # noqa: PLC0415
        dry_run = self.dry_run

        ok = self.ok

        documents = []
        for documents_item_data in self.documents:
            documents_item = documents_item_data.to_dict()
            documents.append(documents_item)



        failures = []
        for failures_item_data in self.failures:
            failures_item = failures_item_data.to_dict()
            failures.append(failures_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "dry_run": dry_run,
            "ok": ok,
            "documents": documents,
            "failures": failures,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_failure_output import ImportFailureOutput # noqa: PLC0415
        from ..models.import_plan_output import ImportPlanOutput # noqa: PLC0415
        d = dict(src_dict)
        dry_run = d.pop("dry_run")

        ok = d.pop("ok")

        documents = []
        _documents = d.pop("documents")
        for documents_item_data in (_documents):
            documents_item = ImportPlanOutput.from_dict(documents_item_data)



            documents.append(documents_item)


        failures = []
        _failures = d.pop("failures")
        for failures_item_data in (_failures):
            failures_item = ImportFailureOutput.from_dict(failures_item_data)



            failures.append(failures_item)


        import_dry_run_output = cls(
            dry_run=dry_run,
            ok=ok,
            documents=documents,
            failures=failures,
        )


        import_dry_run_output.additional_properties = d
        return import_dry_run_output

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
