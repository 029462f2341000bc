from enum import StrEnum

class RunnerEnum(StrEnum):
    UBUNTU_22_04 = "ubuntu-22.04"
    UBUNTU_LATEST = "ubuntu-latest"

    def __str__(self) -> str:
        return str(self.value)
