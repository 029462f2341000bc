from enum import StrEnum

class ChannelsEnum(StrEnum):
    EMAIL = "email"
    IN_APP = "in_app"

    def __str__(self) -> str:
        return str(self.value)
