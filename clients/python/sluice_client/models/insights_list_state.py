from enum import StrEnum

class InsightsListState(StrEnum):
    ALL = "all"
    CLOSED = "closed"
    DISMISSED = "dismissed"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
