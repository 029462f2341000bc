from enum import StrEnum

class InsightStateEnum(StrEnum):
    CLOSED = "closed"
    DISMISSED = "dismissed"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
