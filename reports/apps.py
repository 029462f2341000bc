from django.apps import AppConfig

from core.ids import is_digits


class ReportsConfig(AppConfig):
    """Reports: lists of blocks (KPIs, charts, runs, quality issues, insights) over a window, previewed in the
    page, downloaded as HTML or PDF, and sent on a cron schedule by email or webhook (docs/reports.md).
    The top app layer under config: it composes monitoring, quality and insights."""

    name = "reports"
    verbose_name = "Reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from notifications.topics import register_topic

        def can_view_report(user, ident: str) -> bool:
            from reports.selectors import reports_visible_to

            return (
                user.is_authenticated
                and is_digits(ident)
                and len(ident) < 19
                and reports_visible_to(user=user).filter(pk=int(ident)).exists()
            )

        # report:<id> carries report.delivered, for whoever may read the report.
        register_topic("report", can_view_report)
