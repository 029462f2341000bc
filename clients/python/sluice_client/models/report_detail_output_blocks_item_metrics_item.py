from enum import StrEnum

class ReportDetailOutputBlocksItemMetricsItem(StrEnum):
    P95_DURATION = "p95_duration"
    ROWS = "rows"
    RUNS = "runs"
    SUCCESS_RATE = "success_rate"

    def __str__(self) -> str:
        return str(self.value)
