from enum import StrEnum

class ReportsRenderRetrieveFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"

    def __str__(self) -> str:
        return str(self.value)
