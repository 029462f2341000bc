from enum import StrEnum

class ModeEnum(StrEnum):
    DRAFT = "draft"
    VERSION = "version"

    def __str__(self) -> str:
        return str(self.value)
