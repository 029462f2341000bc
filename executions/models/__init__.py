from executions.models.dependency import PipelineDependency
from executions.models.execution import Execution
from executions.models.step import StepLog, StepRun

__all__ = ["Execution", "PipelineDependency", "StepLog", "StepRun"]
