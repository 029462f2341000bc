from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports: lists of blocks (KPIs, charts, runs, quality issues, insights) over a window, previewed in the
    page, downloaded as HTML or PDF, and sent on a cron schedule by email or webhook (docs/reports.md).
    The top app layer under config: it composes monitoring, quality and insights."""

    name = "reports"
    verbose_name = "Reports"
    default_auto_field = "django.db.models.BigAutoField"
