from enum import StrEnum

class ColumnProfileOutputKindEnum(StrEnum):
    BOOLEAN = "boolean"
    NUMERIC = "numeric"
    OTHER = "other"
    STRING = "string"
    TEMPORAL = "temporal"

    def __str__(self) -> str:
        return str(self.value)
