from enum import StrEnum

class QualityIssuesListStatus(StrEnum):
    FAILING = "failing"
    OPEN = "open"
    PASSING = "passing"
    RESOLVED = "resolved"

    def __str__(self) -> str:
        return str(self.value)
