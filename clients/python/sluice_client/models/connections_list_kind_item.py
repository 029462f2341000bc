from enum import StrEnum

class ConnectionsListKindItem(StrEnum):
    DUCKDB = "duckdb"
    GIT = "git"
    HTTP = "http"
    MYSQL = "mysql"
    POSTGRESQL = "postgresql"
    SPARK = "spark"
    SQLITE = "sqlite"

    def __str__(self) -> str:
        return str(self.value)
