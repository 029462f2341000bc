from enum import StrEnum

class ThemeEnum(StrEnum):
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"
    LIGHT = "light"
    SYSTEM = "system"

    def __str__(self) -> str:
        return str(self.value)
