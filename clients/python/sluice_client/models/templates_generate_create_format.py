from enum import StrEnum

class TemplatesGenerateCreateFormat(StrEnum):
    JSON = "json"
    YAML = "yaml"

    def __str__(self) -> str:
        return str(self.value)
