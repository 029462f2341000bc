from enum import StrEnum

class CiGithubActionsCreateFormat(StrEnum):
    JSON = "json"
    YAML = "yaml"

    def __str__(self) -> str:
        return str(self.value)
