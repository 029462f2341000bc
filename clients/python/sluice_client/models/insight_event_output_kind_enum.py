from enum import StrEnum

class InsightEventOutputKindEnum(StrEnum):
    CLOSED = "closed"
    DISMISSED = "dismissed"
    OPENED = "opened"
    REOPENED = "reopened"
    UNDISMISSED = "undismissed"
    UPDATED = "updated"

    def __str__(self) -> str:
        return str(self.value)
