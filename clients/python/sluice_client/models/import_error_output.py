from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.import_error_output_fields import ImportErrorOutputFields
  from ..models.import_failure_output import ImportFailureOutput
  from ..models.import_plan_output import ImportPlanOutput





T = TypeVar("T", bound="ImportErrorOutput")



@_attrs_define
class ImportErrorOutput:
    """ Every 400 of the import has this shape (a client tells the cases apart by what is filled in).

        Attributes:
            detail (str):
            documents (list[ImportPlanOutput] | Unset): Documents with problems (paths and lines).
            failures (list[ImportFailureOutput] | Unset):
            fields (ImportErrorOutputFields | Unset): Invalid input fields of the request itself (documents, file, mode...)
                -> messages.
     """

    detail: str
    documents: list[ImportPlanOutput] | Unset = UNSET
    failures: list[ImportFailureOutput] | Unset = UNSET
    fields: ImportErrorOutputFields | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.import_error_output_fields import ImportErrorOutputFields # noqa: PLC0415
        from ..models.import_failure_output import ImportFailureOutput # noqa: PLC0415
        from ..models.import_plan_output import ImportPlanOutput # noqa: PLC0415
        detail = self.detail

        documents: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.documents, Unset):
            documents = []
            for documents_item_data in self.documents:
                documents_item = documents_item_data.to_dict()
                documents.append(documents_item)



        failures: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.failures, Unset):
            failures = []
            for failures_item_data in self.failures:
                failures_item = failures_item_data.to_dict()
                failures.append(failures_item)



        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "detail": detail,
        })
        if documents is not UNSET:
            field_dict["documents"] = documents
        if failures is not UNSET:
            field_dict["failures"] = failures
        if fields is not UNSET:
            field_dict["fields"] = fields

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_error_output_fields import ImportErrorOutputFields # noqa: PLC0415
        from ..models.import_failure_output import ImportFailureOutput # noqa: PLC0415
        from ..models.import_plan_output import ImportPlanOutput # noqa: PLC0415
        d = dict(src_dict)
        detail = d.pop("detail")

        _documents = d.pop("documents", UNSET)
        documents: list[ImportPlanOutput] | Unset = UNSET
        if _documents is not UNSET:
            documents = []
            for documents_item_data in _documents:
                documents_item = ImportPlanOutput.from_dict(documents_item_data)



                documents.append(documents_item)


        _failures = d.pop("failures", UNSET)
        failures: list[ImportFailureOutput] | Unset = UNSET
        if _failures is not UNSET:
            failures = []
            for failures_item_data in _failures:
                failures_item = ImportFailureOutput.from_dict(failures_item_data)



                failures.append(failures_item)


        _fields = d.pop("fields", UNSET)
        fields: ImportErrorOutputFields | Unset
        if isinstance(_fields,  Unset):
            fields = UNSET
        else:
            fields = ImportErrorOutputFields.from_dict(_fields)




        import_error_output = cls(
            detail=detail,
            documents=documents,
            failures=failures,
            fields=fields,
        )


        import_error_output.additional_properties = d
        return import_error_output

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
