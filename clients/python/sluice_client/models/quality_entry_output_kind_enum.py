from enum import StrEnum

class QualityEntryOutputKindEnum(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    COMMENTED = "commented"
    FAILING = "failing"
    OPENED = "opened"
    PASSING = "passing"
    REOPENED = "reopened"
    RESOLVED = "resolved"

    def __str__(self) -> str:
        return str(self.value)
