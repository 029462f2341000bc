from executions.models.backfill import Backfill, BackfillInterval
from executions.models.dependency import PipelineDependency
from executions.models.execution import Execution
from executions.models.pool import Pool
from executions.models.profile import DestinationProfile
from executions.models.step import StepLog, StepRun

__all__ = [
    "Backfill",
    "BackfillInterval",
    "DestinationProfile",
    "Execution",
    "PipelineDependency",
    "Pool",
    "StepLog",
    "StepRun",
]
