from enum import StrEnum

class OfEnum(StrEnum):
    LENGTH = "length"
    VALUE = "value"

    def __str__(self) -> str:
        return str(self.value)
