from enum import StrEnum

class TestsRunCreateFormat(StrEnum):
    JSON = "json"
    JUNIT = "junit"

    def __str__(self) -> str:
        return str(self.value)
