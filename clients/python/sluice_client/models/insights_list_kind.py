from enum import StrEnum

class InsightsListKind(StrEnum):
    DURATION_GROWTH = "duration_growth"
    DURATION_REGRESSION = "duration_regression"
    FAILING_NODE = "failing_node"
    FILTER_BEFORE_JOIN = "filter_before_join"
    MEMORY_PRESSURE = "memory_pressure"
    OUTPUT_GROWTH = "output_growth"
    ROWS_REGRESSION = "rows_regression"
    SLOW_NODE = "slow_node"
    SORT_LIMIT = "sort_limit"
    UNFUSED_CHAIN = "unfused_chain"
    UNUSED_COLUMNS = "unused_columns"

    def __str__(self) -> str:
        return str(self.value)
