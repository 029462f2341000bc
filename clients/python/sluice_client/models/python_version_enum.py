from enum import StrEnum

class PythonVersionEnum(StrEnum):
    VALUE_0 = "3.11"
    VALUE_1 = "3.12"
    VALUE_2 = "3.13"

    def __str__(self) -> str:
        return str(self.value)
