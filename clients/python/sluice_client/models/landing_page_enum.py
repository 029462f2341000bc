from enum import StrEnum

class LandingPageEnum(StrEnum):
    DASHBOARD = "dashboard"
    EXECUTIONS = "executions"
    INBOX = "inbox"
    MONITORING = "monitoring"
    PIPELINES = "pipelines"
    QUALITY = "quality"

    def __str__(self) -> str:
        return str(self.value)
