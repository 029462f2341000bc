from enum import StrEnum

class MonitoringStagesHistoryRetrieveBucket(StrEnum):
    VALUE_0 = "15m"
    VALUE_1 = "1d"
    VALUE_2 = "1h"
    VALUE_3 = "1m"
    VALUE_4 = "5m"
    VALUE_5 = "6h"

    def __str__(self) -> str:
        return str(self.value)
