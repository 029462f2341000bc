from enum import StrEnum

class LastStatusEnum(StrEnum):
    ERROR = "error"
    FAILED = "failed"
    NEVER = "never"
    PASSED = "passed"

    def __str__(self) -> str:
        return str(self.value)
