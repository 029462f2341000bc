from enum import StrEnum

class ValidateModeEnum(StrEnum):
    OFFLINE = "offline"
    SERVER = "server"

    def __str__(self) -> str:
        return str(self.value)
