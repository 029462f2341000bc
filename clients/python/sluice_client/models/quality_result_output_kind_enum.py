from enum import StrEnum

class QualityResultOutputKindEnum(StrEnum):
    CHECK = "check"
    RULE = "rule"

    def __str__(self) -> str:
        return str(self.value)
