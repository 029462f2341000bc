from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.expect_error_request import ExpectErrorRequest
  from ..models.test_input_request_expect import TestInputRequestExpect
  from ..models.test_input_request_fixtures import TestInputRequestFixtures
  from ..models.test_input_request_params import TestInputRequestParams
  from ..models.tolerances_request import TolerancesRequest





T = TypeVar("T", bound="TestInputRequest")



@_attrs_define
class TestInputRequest:
    """ A test; the whole body is checked by the test model (unknown keys refused, sizes bounded).

        Attributes:
            name (str): Unique within the pipeline: letters, digits, '.', '_' and '-'.
            description (str | Unset):
            params (TestInputRequestParams | Unset): Run parameters the nodes see.
            fixtures (TestInputRequestFixtures | Unset): Source node key -> rows.
            expect (TestInputRequestExpect | Unset): Destination key (or node:port) -> golden rows.
            expect_error (ExpectErrorRequest | Unset):
            tolerances (TolerancesRequest | Unset):
     """

    name: str
    description: str | Unset = UNSET
    params: TestInputRequestParams | Unset = UNSET
    fixtures: TestInputRequestFixtures | Unset = UNSET
    expect: TestInputRequestExpect | Unset = UNSET
    expect_error: ExpectErrorRequest | Unset = UNSET
    tolerances: TolerancesRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.expect_error_request import ExpectErrorRequest # noqa: PLC0415
        from ..models.test_input_request_expect import TestInputRequestExpect # noqa: PLC0415
        from ..models.test_input_request_fixtures import TestInputRequestFixtures # noqa: PLC0415
        from ..models.test_input_request_params import TestInputRequestParams # noqa: PLC0415
        from ..models.tolerances_request import TolerancesRequest # noqa: PLC0415
        name = self.name

        description = self.description

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        fixtures: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fixtures, Unset):
            fixtures = self.fixtures.to_dict()

        expect: dict[str, Any] | Unset = UNSET
        if not isinstance(self.expect, Unset):
            expect = self.expect.to_dict()

        expect_error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.expect_error, Unset):
            expect_error = self.expect_error.to_dict()

        tolerances: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tolerances, Unset):
            tolerances = self.tolerances.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if params is not UNSET:
            field_dict["params"] = params
        if fixtures is not UNSET:
            field_dict["fixtures"] = fixtures
        if expect is not UNSET:
            field_dict["expect"] = expect
        if expect_error is not UNSET:
            field_dict["expect_error"] = expect_error
        if tolerances is not UNSET:
            field_dict["tolerances"] = tolerances

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.expect_error_request import ExpectErrorRequest # noqa: PLC0415
        from ..models.test_input_request_expect import TestInputRequestExpect # noqa: PLC0415
        from ..models.test_input_request_fixtures import TestInputRequestFixtures # noqa: PLC0415
        from ..models.test_input_request_params import TestInputRequestParams # noqa: PLC0415
        from ..models.tolerances_request import TolerancesRequest # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description", UNSET)

        _params = d.pop("params", UNSET)
        params: TestInputRequestParams | Unset
        if isinstance(_params,  Unset):
            params = UNSET
        else:
            params = TestInputRequestParams.from_dict(_params)




        _fixtures = d.pop("fixtures", UNSET)
        fixtures: TestInputRequestFixtures | Unset
        if isinstance(_fixtures,  Unset):
            fixtures = UNSET
        else:
            fixtures = TestInputRequestFixtures.from_dict(_fixtures)




        _expect = d.pop("expect", UNSET)
        expect: TestInputRequestExpect | Unset
        if isinstance(_expect,  Unset):
            expect = UNSET
        else:
            expect = TestInputRequestExpect.from_dict(_expect)




        _expect_error = d.pop("expect_error", UNSET)
        expect_error: ExpectErrorRequest | Unset
        if isinstance(_expect_error,  Unset):
            expect_error = UNSET
        else:
            expect_error = ExpectErrorRequest.from_dict(_expect_error)




        _tolerances = d.pop("tolerances", UNSET)
        tolerances: TolerancesRequest | Unset
        if isinstance(_tolerances,  Unset):
            tolerances = UNSET
        else:
            tolerances = TolerancesRequest.from_dict(_tolerances)




        test_input_request = cls(
            name=name,
            description=description,
            params=params,
            fixtures=fixtures,
            expect=expect,
            expect_error=expect_error,
            tolerances=tolerances,
        )


        test_input_request.additional_properties = d
        return test_input_request

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
