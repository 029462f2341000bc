from enum import StrEnum

class KeyEnum(StrEnum):
    CONNECTION = "connection"
    EMAIL = "email"
    IDENTITY = "identity"
    REDIS = "redis"
    RUN = "run"
    WORKERS = "workers"

    def __str__(self) -> str:
        return str(self.value)
