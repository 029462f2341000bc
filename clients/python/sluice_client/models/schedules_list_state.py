from enum import StrEnum

class SchedulesListState(StrEnum):
    ACTIVE = "active"
    ALL = "all"
    PAUSED = "paused"

    def __str__(self) -> str:
        return str(self.value)
