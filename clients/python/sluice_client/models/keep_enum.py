from enum import StrEnum

class KeepEnum(StrEnum):
    GIT = "git"
    SLUICE = "sluice"

    def __str__(self) -> str:
        return str(self.value)
