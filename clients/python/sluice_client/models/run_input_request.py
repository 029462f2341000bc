from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.pipeline_backend_enum import PipelineBackendEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.run_input_request_params import RunInputRequestParams





T = TypeVar("T", bound="RunInputRequest")



@_attrs_define
class RunInputRequest:
    """ 
        Attributes:
            params (RunInputRequestParams | Unset): Run parameters over the defaults.
            version (int | Unset): Version number; default current.
            backend (PipelineBackendEnum | Unset): * `polars` - Polars (in the workers)
                * `sql` - SQL (pushed down into the database)
                * `spark` - Spark (on a Spark connection)
     """

    params: RunInputRequestParams | Unset = UNSET
    version: int | Unset = UNSET
    backend: PipelineBackendEnum | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.run_input_request_params import RunInputRequestParams # noqa: PLC0415
        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        version = self.version

        backend: str | Unset = UNSET
        if not isinstance(self.backend, Unset):
            backend = self.backend.value



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if params is not UNSET:
            field_dict["params"] = params
        if version is not UNSET:
            field_dict["version"] = version
        if backend is not UNSET:
            field_dict["backend"] = backend

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_input_request_params import RunInputRequestParams # noqa: PLC0415
        d = dict(src_dict)
        _params = d.pop("params", UNSET)
        params: RunInputRequestParams | Unset
        if isinstance(_params,  Unset):
            params = UNSET
        else:
            params = RunInputRequestParams.from_dict(_params)




        version = d.pop("version", UNSET)

        _backend = d.pop("backend", UNSET)
        backend: PipelineBackendEnum | Unset
        if isinstance(_backend,  Unset):
            backend = UNSET
        else:
            backend = PipelineBackendEnum(_backend)




        run_input_request = cls(
            params=params,
            version=version,
            backend=backend,
        )


        run_input_request.additional_properties = d
        return run_input_request

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
