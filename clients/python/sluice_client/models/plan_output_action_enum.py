from enum import StrEnum

class PlanOutputActionEnum(StrEnum):
    APPLY = "apply"
    CREATE = "create"
    REFUSED = "refused"
    UNCHANGED = "unchanged"
    UPDATE = "update"

    def __str__(self) -> str:
        return str(self.value)
