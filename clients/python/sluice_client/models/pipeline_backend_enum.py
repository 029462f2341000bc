from enum import StrEnum

class PipelineBackendEnum(StrEnum):
    POLARS = "polars"
    SQL = "sql"

    def __str__(self) -> str:
        return str(self.value)
