from enum import StrEnum

class PipelineBackendEnum(StrEnum):
    POLARS = "polars"
    SPARK = "spark"
    SQL = "sql"

    def __str__(self) -> str:
        return str(self.value)
