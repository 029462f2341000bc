from enum import StrEnum

class HealthEnum(StrEnum):
    DEGRADED = "degraded"
    FAILING = "failing"
    NEVER_RUN = "never_run"
    OK = "ok"
    PAUSED = "paused"
    STALE = "stale"

    def __str__(self) -> str:
        return str(self.value)
