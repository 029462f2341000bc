from enum import StrEnum

class ChecklistItemOutputStatusEnum(StrEnum):
    OK = "ok"
    OPTIONAL = "optional"
    TODO = "todo"

    def __str__(self) -> str:
        return str(self.value)
