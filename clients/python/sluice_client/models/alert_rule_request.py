from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.alert_rule_kind_enum import AlertRuleKindEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.alert_rule_request_params import AlertRuleRequestParams





T = TypeVar("T", bound="AlertRuleRequest")



@_attrs_define
class AlertRuleRequest:
    """ 
        Attributes:
            name (str):
            kind (AlertRuleKindEnum): * `execution_failed` - Execution failed
                * `duration_above_baseline` - Duration above baseline
                * `rows_out_of_range` - Rows out of range
                * `metric_above_threshold` - Metric above threshold
                * `worker_offline` - Worker offline
            pipeline (int | None | Unset):
            params (AlertRuleRequestParams | Unset): Kind-specific settings.
            channels (list[str] | Unset): Any of in_app, email, webhook; empty: in_app.
            recipients (list[str] | Unset):
            emails (list[str] | Unset): Addresses told besides the recipients.
            webhook_url (str | Unset):
            webhook_secret (str | Unset):
            enabled (bool | Unset):
     """

    name: str
    kind: AlertRuleKindEnum
    pipeline: int | None | Unset = UNSET
    params: AlertRuleRequestParams | Unset = UNSET
    channels: list[str] | Unset = UNSET
    recipients: list[str] | Unset = UNSET
    emails: list[str] | Unset = UNSET
    webhook_url: str | Unset = UNSET
    webhook_secret: str | Unset = UNSET
    enabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.alert_rule_request_params import AlertRuleRequestParams # noqa: PLC0415
        name = self.name

        kind = self.kind.value

        pipeline: int | None | Unset
        if isinstance(self.pipeline, Unset):
            pipeline = UNSET
        else:
            pipeline = self.pipeline

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels



        recipients: list[str] | Unset = UNSET
        if not isinstance(self.recipients, Unset):
            recipients = self.recipients



        emails: list[str] | Unset = UNSET
        if not isinstance(self.emails, Unset):
            emails = self.emails



        webhook_url: str | Unset
        if isinstance(self.webhook_url, Unset):
            webhook_url = UNSET
        else:
            webhook_url = self.webhook_url

        webhook_secret = self.webhook_secret

        enabled = self.enabled


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "kind": kind,
        })
        if pipeline is not UNSET:
            field_dict["pipeline"] = pipeline
        if params is not UNSET:
            field_dict["params"] = params
        if channels is not UNSET:
            field_dict["channels"] = channels
        if recipients is not UNSET:
            field_dict["recipients"] = recipients
        if emails is not UNSET:
            field_dict["emails"] = emails
        if webhook_url is not UNSET:
            field_dict["webhook_url"] = webhook_url
        if webhook_secret is not UNSET:
            field_dict["webhook_secret"] = webhook_secret
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_rule_request_params import AlertRuleRequestParams # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        kind = AlertRuleKindEnum(d.pop("kind"))




        def _parse_pipeline(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        pipeline = _parse_pipeline(d.pop("pipeline", UNSET))


        _params = d.pop("params", UNSET)
        params: AlertRuleRequestParams | Unset
        if isinstance(_params,  Unset):
            params = UNSET
        else:
            params = AlertRuleRequestParams.from_dict(_params)




        channels = cast(list[str], d.pop("channels", UNSET))


        recipients = cast(list[str], d.pop("recipients", UNSET))


        emails = cast(list[str], d.pop("emails", UNSET))


        def _parse_webhook_url(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        webhook_url = _parse_webhook_url(d.pop("webhook_url", UNSET))


        webhook_secret = d.pop("webhook_secret", UNSET)

        enabled = d.pop("enabled", UNSET)

        alert_rule_request = cls(
            name=name,
            kind=kind,
            pipeline=pipeline,
            params=params,
            channels=channels,
            recipients=recipients,
            emails=emails,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            enabled=enabled,
        )


        alert_rule_request.additional_properties = d
        return alert_rule_request

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
