from enum import StrEnum

class ReportOutputBlocksItemKind(StrEnum):
    DURATION_CHART = "duration_chart"
    INSIGHTS = "insights"
    KPIS = "kpis"
    QUALITY_CHART = "quality_chart"
    QUALITY_ISSUES = "quality_issues"
    RUNS_CHART = "runs_chart"
    RUNS_TABLE = "runs_table"

    def __str__(self) -> str:
        return str(self.value)
