from enum import StrEnum

class TourStatusEnum(StrEnum):
    ACTIVE = "active"
    DONE = "done"
    NEW = "new"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return str(self.value)
