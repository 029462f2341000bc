from enum import StrEnum

class QualityResultsExportRetrieveFormat(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"

    def __str__(self) -> str:
        return str(self.value)
