from enum import StrEnum

class DensityEnum(StrEnum):
    COMFORTABLE = "comfortable"
    COMPACT = "compact"

    def __str__(self) -> str:
        return str(self.value)
