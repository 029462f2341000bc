from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.client_source_enum import ClientSourceEnum
from ..models.python_version_enum import PythonVersionEnum
from ..models.runner_enum import RunnerEnum
from ..models.url_from_enum import UrlFromEnum
from ..models.validate_mode_enum import ValidateModeEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="WorkflowInputRequest")



@_attrs_define
class WorkflowInputRequest:
    """ The options (documentation: WorkflowOptions in pipelines/cicd/options.py checks them).

        Attributes:
            folder (str | Unset): Folder of the documents, relative (default pipelines).
            name (str | Unset): The workflow's name.
            workflow_file (str | Unset): File name under .github/workflows/.
            branch (str | Unset): The main branch (default main).
            validate_mode (ValidateModeEnum | Unset): * `server` - server
                * `offline` - offline
            tests (bool | Unset): Run the pipeline tests (default true).
            deploy (bool | Unset): Deploy from the main branch (default false).
            pipelines (list[str] | Unset): Slugs to run.
            environment (None | str | Unset):
            schedule (None | str | Unset): Cron, five fields, UTC.
            python_version (PythonVersionEnum | Unset): * `3.11` - 3.11
                * `3.12` - 3.12
                * `3.13` - 3.13
            runner (RunnerEnum | Unset): * `ubuntu-latest` - ubuntu-latest
                * `ubuntu-22.04` - ubuntu-22.04
            timeout_minutes (int | Unset):
            client_source (ClientSourceEnum | Unset): * `server` - server
                * `path` - path
                * `index` - index
            client_path (str | Unset):
            client_index_url (None | str | Unset):
            client_version (None | str | Unset):
            url_variable (str | Unset):
            url_from (UrlFromEnum | Unset): * `vars` - vars
                * `secrets` - secrets
            token_secret (str | Unset):
     """

    folder: str | Unset = UNSET
    name: str | Unset = UNSET
    workflow_file: str | Unset = UNSET
    branch: str | Unset = UNSET
    validate_mode: ValidateModeEnum | Unset = UNSET
    tests: bool | Unset = UNSET
    deploy: bool | Unset = UNSET
    pipelines: list[str] | Unset = UNSET
    environment: None | str | Unset = UNSET
    schedule: None | str | Unset = UNSET
    python_version: PythonVersionEnum | Unset = UNSET
    runner: RunnerEnum | Unset = UNSET
    timeout_minutes: int | Unset = UNSET
    client_source: ClientSourceEnum | Unset = UNSET
    client_path: str | Unset = UNSET
    client_index_url: None | str | Unset = UNSET
    client_version: None | str | Unset = UNSET
    url_variable: str | Unset = UNSET
    url_from: UrlFromEnum | Unset = UNSET
    token_secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        folder = self.folder

        name = self.name

        workflow_file = self.workflow_file

        branch = self.branch

        validate_mode: str | Unset = UNSET
        if not isinstance(self.validate_mode, Unset):
            validate_mode = self.validate_mode.value


        tests = self.tests

        deploy = self.deploy

        pipelines: list[str] | Unset = UNSET
        if not isinstance(self.pipelines, Unset):
            pipelines = self.pipelines



        environment: None | str | Unset
        if isinstance(self.environment, Unset):
            environment = UNSET
        else:
            environment = self.environment

        schedule: None | str | Unset
        if isinstance(self.schedule, Unset):
            schedule = UNSET
        else:
            schedule = self.schedule

        python_version: str | Unset = UNSET
        if not isinstance(self.python_version, Unset):
            python_version = self.python_version.value


        runner: str | Unset = UNSET
        if not isinstance(self.runner, Unset):
            runner = self.runner.value


        timeout_minutes = self.timeout_minutes

        client_source: str | Unset = UNSET
        if not isinstance(self.client_source, Unset):
            client_source = self.client_source.value


        client_path = self.client_path

        client_index_url: None | str | Unset
        if isinstance(self.client_index_url, Unset):
            client_index_url = UNSET
        else:
            client_index_url = self.client_index_url

        client_version: None | str | Unset
        if isinstance(self.client_version, Unset):
            client_version = UNSET
        else:
            client_version = self.client_version

        url_variable = self.url_variable

        url_from: str | Unset = UNSET
        if not isinstance(self.url_from, Unset):
            url_from = self.url_from.value


        token_secret = self.token_secret


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if folder is not UNSET:
            field_dict["folder"] = folder
        if name is not UNSET:
            field_dict["name"] = name
        if workflow_file is not UNSET:
            field_dict["workflow_file"] = workflow_file
        if branch is not UNSET:
            field_dict["branch"] = branch
        if validate_mode is not UNSET:
            field_dict["validate_mode"] = validate_mode
        if tests is not UNSET:
            field_dict["tests"] = tests
        if deploy is not UNSET:
            field_dict["deploy"] = deploy
        if pipelines is not UNSET:
            field_dict["pipelines"] = pipelines
        if environment is not UNSET:
            field_dict["environment"] = environment
        if schedule is not UNSET:
            field_dict["schedule"] = schedule
        if python_version is not UNSET:
            field_dict["python_version"] = python_version
        if runner is not UNSET:
            field_dict["runner"] = runner
        if timeout_minutes is not UNSET:
            field_dict["timeout_minutes"] = timeout_minutes
        if client_source is not UNSET:
            field_dict["client_source"] = client_source
        if client_path is not UNSET:
            field_dict["client_path"] = client_path
        if client_index_url is not UNSET:
            field_dict["client_index_url"] = client_index_url
        if client_version is not UNSET:
            field_dict["client_version"] = client_version
        if url_variable is not UNSET:
            field_dict["url_variable"] = url_variable
        if url_from is not UNSET:
            field_dict["url_from"] = url_from
        if token_secret is not UNSET:
            field_dict["token_secret"] = token_secret

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        folder = d.pop("folder", UNSET)

        name = d.pop("name", UNSET)

        workflow_file = d.pop("workflow_file", UNSET)

        branch = d.pop("branch", UNSET)

        _validate_mode = d.pop("validate_mode", UNSET)
        validate_mode: ValidateModeEnum | Unset
        if isinstance(_validate_mode,  Unset):
            validate_mode = UNSET
        else:
            validate_mode = ValidateModeEnum(_validate_mode)




        tests = d.pop("tests", UNSET)

        deploy = d.pop("deploy", UNSET)

        pipelines = cast(list[str], d.pop("pipelines", UNSET))


        def _parse_environment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        environment = _parse_environment(d.pop("environment", UNSET))


        def _parse_schedule(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        schedule = _parse_schedule(d.pop("schedule", UNSET))


        _python_version = d.pop("python_version", UNSET)
        python_version: PythonVersionEnum | Unset
        if isinstance(_python_version,  Unset):
            python_version = UNSET
        else:
            python_version = PythonVersionEnum(_python_version)




        _runner = d.pop("runner", UNSET)
        runner: RunnerEnum | Unset
        if isinstance(_runner,  Unset):
            runner = UNSET
        else:
            runner = RunnerEnum(_runner)




        timeout_minutes = d.pop("timeout_minutes", UNSET)

        _client_source = d.pop("client_source", UNSET)
        client_source: ClientSourceEnum | Unset
        if isinstance(_client_source,  Unset):
            client_source = UNSET
        else:
            client_source = ClientSourceEnum(_client_source)




        client_path = d.pop("client_path", UNSET)

        def _parse_client_index_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_index_url = _parse_client_index_url(d.pop("client_index_url", UNSET))


        def _parse_client_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_version = _parse_client_version(d.pop("client_version", UNSET))


        url_variable = d.pop("url_variable", UNSET)

        _url_from = d.pop("url_from", UNSET)
        url_from: UrlFromEnum | Unset
        if isinstance(_url_from,  Unset):
            url_from = UNSET
        else:
            url_from = UrlFromEnum(_url_from)




        token_secret = d.pop("token_secret", UNSET)

        workflow_input_request = cls(
            folder=folder,
            name=name,
            workflow_file=workflow_file,
            branch=branch,
            validate_mode=validate_mode,
            tests=tests,
            deploy=deploy,
            pipelines=pipelines,
            environment=environment,
            schedule=schedule,
            python_version=python_version,
            runner=runner,
            timeout_minutes=timeout_minutes,
            client_source=client_source,
            client_path=client_path,
            client_index_url=client_index_url,
            client_version=client_version,
            url_variable=url_variable,
            url_from=url_from,
            token_secret=token_secret,
        )


        workflow_input_request.additional_properties = d
        return workflow_input_request

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
