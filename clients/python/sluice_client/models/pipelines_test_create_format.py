from enum import StrEnum

class PipelinesTestCreateFormat(StrEnum):
    JSON = "json"
    JUNIT = "junit"

    def __str__(self) -> str:
        return str(self.value)
