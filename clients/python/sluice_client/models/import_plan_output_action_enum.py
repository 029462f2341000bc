from enum import StrEnum

class ImportPlanOutputActionEnum(StrEnum):
    APPLY = "apply"
    CREATE = "create"
    REFUSED = "refused"
    UNCHANGED = "unchanged"
    UPDATE = "update"

    def __str__(self) -> str:
        return str(self.value)
