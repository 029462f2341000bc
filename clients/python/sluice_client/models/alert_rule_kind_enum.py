from enum import StrEnum

class AlertRuleKindEnum(StrEnum):
    DURATION_ABOVE_BASELINE = "duration_above_baseline"
    EXECUTION_FAILED = "execution_failed"
    METRIC_ABOVE_THRESHOLD = "metric_above_threshold"
    ROWS_OUT_OF_RANGE = "rows_out_of_range"
    WORKER_OFFLINE = "worker_offline"

    def __str__(self) -> str:
        return str(self.value)
