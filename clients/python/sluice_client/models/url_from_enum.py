from enum import StrEnum

class UrlFromEnum(StrEnum):
    SECRETS = "secrets"
    VARS = "vars"

    def __str__(self) -> str:
        return str(self.value)
