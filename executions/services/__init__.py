"""Every write to executions and steps goes through these functions, one per transition."""

from executions.services.lifecycle import (
    execution_cancel,
    execution_rerun,
    execution_retry,
    execution_start,
)
from executions.services.steps import step_execute

__all__ = ["execution_cancel", "execution_rerun", "execution_retry", "execution_start", "step_execute"]
