from enum import StrEnum

class DatasetOutputKindEnum(StrEnum):
    API = "api"
    FILE = "file"
    TABLE = "table"

    def __str__(self) -> str:
        return str(self.value)
