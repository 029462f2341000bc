from enum import StrEnum

class NodeTypesListFamily(StrEnum):
    DESTINATION = "destination"
    QUALITY = "quality"
    SOURCE = "source"
    TRANSFORM = "transform"
    VALUE_4 = ""

    def __str__(self) -> str:
        return str(self.value)
