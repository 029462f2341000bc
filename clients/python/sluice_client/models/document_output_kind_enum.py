from enum import StrEnum

class DocumentOutputKindEnum(StrEnum):
    PIPELINE = "Pipeline"
    PIPELINETEST = "PipelineTest"

    def __str__(self) -> str:
        return str(self.value)
