from enum import StrEnum

class DeliveryOutputStatusEnum(StrEnum):
    FAILED = "failed"
    SENT = "sent"

    def __str__(self) -> str:
        return str(self.value)
