from enum import StrEnum

class FormatEnum(StrEnum):
    CSV = "csv"
    JSON = "json"
    NDJSON = "ndjson"
    PARQUET = "parquet"

    def __str__(self) -> str:
        return str(self.value)
