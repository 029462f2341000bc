from enum import StrEnum

class FamilyEnum(StrEnum):
    DESTINATION = "destination"
    QUALITY = "quality"
    SOURCE = "source"
    TRANSFORM = "transform"

    def __str__(self) -> str:
        return str(self.value)
