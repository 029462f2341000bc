from enum import StrEnum

class ExecutionsListStatusItem(StrEnum):
    CANCELLED = "cancelled"
    CANCELLING = "cancelling"
    COMMITTING = "committing"
    FAILED = "failed"
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
