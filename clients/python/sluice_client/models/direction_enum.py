from enum import StrEnum

class DirectionEnum(StrEnum):
    READS = "reads"
    WRITES = "writes"

    def __str__(self) -> str:
        return str(self.value)
