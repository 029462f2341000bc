from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.document_output_kind_enum import DocumentOutputKindEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="DocumentOutput")



@_attrs_define
class DocumentOutput:
    """ 
        Attributes:
            id (int):
            path (str):
            pipeline (int):
            pipeline_slug (str):
            test (int | None): kind PipelineTest: the test (null: deleted).
            removed_in_git (bool): git no longer has the document; its pipeline was archived.
            in_conflict (bool):
            conflict_is_deletion (bool): git deleted the document; taking git's side archives the pipeline.
            kind (DocumentOutputKindEnum | Unset): * `Pipeline` - Pipeline
                * `PipelineTest` - Pipeline test
            name (str | Unset): A test's name; '' for a pipeline.
            blob (str | Unset):
            commit (str | Unset):
            conflict_commit (str | Unset):
            conflict_author (str | Unset):
            pushed_version (int | None | Unset):
            push_error (str | Unset):
     """

    id: int
    path: str
    pipeline: int
    pipeline_slug: str
    test: int | None
    removed_in_git: bool
    in_conflict: bool
    conflict_is_deletion: bool
    kind: DocumentOutputKindEnum | Unset = UNSET
    name: str | Unset = UNSET
    blob: str | Unset = UNSET
    commit: str | Unset = UNSET
    conflict_commit: str | Unset = UNSET
    conflict_author: str | Unset = UNSET
    pushed_version: int | None | Unset = UNSET
    push_error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        path = self.path

        pipeline = self.pipeline

        pipeline_slug = self.pipeline_slug

        test: int | None
        test = self.test

        removed_in_git = self.removed_in_git

        in_conflict = self.in_conflict

        conflict_is_deletion = self.conflict_is_deletion

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


        name = self.name

        blob = self.blob

        commit = self.commit

        conflict_commit = self.conflict_commit

        conflict_author = self.conflict_author

        pushed_version: int | None | Unset
        if isinstance(self.pushed_version, Unset):
            pushed_version = UNSET
        else:
            pushed_version = self.pushed_version

        push_error = self.push_error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "path": path,
            "pipeline": pipeline,
            "pipeline_slug": pipeline_slug,
            "test": test,
            "removed_in_git": removed_in_git,
            "in_conflict": in_conflict,
            "conflict_is_deletion": conflict_is_deletion,
        })
        if kind is not UNSET:
            field_dict["kind"] = kind
        if name is not UNSET:
            field_dict["name"] = name
        if blob is not UNSET:
            field_dict["blob"] = blob
        if commit is not UNSET:
            field_dict["commit"] = commit
        if conflict_commit is not UNSET:
            field_dict["conflict_commit"] = conflict_commit
        if conflict_author is not UNSET:
            field_dict["conflict_author"] = conflict_author
        if pushed_version is not UNSET:
            field_dict["pushed_version"] = pushed_version
        if push_error is not UNSET:
            field_dict["push_error"] = push_error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        path = d.pop("path")

        pipeline = d.pop("pipeline")

        pipeline_slug = d.pop("pipeline_slug")

        def _parse_test(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        test = _parse_test(d.pop("test"))


        removed_in_git = d.pop("removed_in_git")

        in_conflict = d.pop("in_conflict")

        conflict_is_deletion = d.pop("conflict_is_deletion")

        _kind = d.pop("kind", UNSET)
        kind: DocumentOutputKindEnum | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = DocumentOutputKindEnum(_kind)




        name = d.pop("name", UNSET)

        blob = d.pop("blob", UNSET)

        commit = d.pop("commit", UNSET)

        conflict_commit = d.pop("conflict_commit", UNSET)

        conflict_author = d.pop("conflict_author", UNSET)

        def _parse_pushed_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        pushed_version = _parse_pushed_version(d.pop("pushed_version", UNSET))


        push_error = d.pop("push_error", UNSET)

        document_output = cls(
            id=id,
            path=path,
            pipeline=pipeline,
            pipeline_slug=pipeline_slug,
            test=test,
            removed_in_git=removed_in_git,
            in_conflict=in_conflict,
            conflict_is_deletion=conflict_is_deletion,
            kind=kind,
            name=name,
            blob=blob,
            commit=commit,
            conflict_commit=conflict_commit,
            conflict_author=conflict_author,
            pushed_version=pushed_version,
            push_error=push_error,
        )


        document_output.additional_properties = d
        return document_output

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
