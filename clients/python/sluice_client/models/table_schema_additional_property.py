from enum import StrEnum

class TableSchemaAdditionalProperty(StrEnum):
    BOOLEAN = "boolean"
    CATEGORICAL = "categorical"
    DATE = "date"
    DATETIME = "datetime"
    FLOAT32 = "float32"
    FLOAT64 = "float64"
    INT16 = "int16"
    INT32 = "int32"
    INT64 = "int64"
    INT8 = "int8"
    STRING = "string"
    TIME = "time"
    UINT16 = "uint16"
    UINT32 = "uint32"
    UINT64 = "uint64"
    UINT8 = "uint8"

    def __str__(self) -> str:
        return str(self.value)
