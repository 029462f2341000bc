from enum import StrEnum

class ExecutionsListTriggerItem(StrEnum):
    API = "api"
    BACKFILL = "backfill"
    CALL = "call"
    CLI = "cli"
    MANUAL = "manual"
    RETRY = "retry"
    SCHEDULE = "schedule"
    UPSTREAM = "upstream"

    def __str__(self) -> str:
        return str(self.value)
