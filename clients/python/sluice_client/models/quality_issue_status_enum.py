from enum import StrEnum

class QualityIssueStatusEnum(StrEnum):
    FAILING = "failing"
    PASSING = "passing"
    RESOLVED = "resolved"

    def __str__(self) -> str:
        return str(self.value)
