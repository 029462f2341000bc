from enum import StrEnum

class ClientSourceEnum(StrEnum):
    INDEX = "index"
    PATH = "path"
    SERVER = "server"

    def __str__(self) -> str:
        return str(self.value)
