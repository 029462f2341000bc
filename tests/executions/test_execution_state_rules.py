"""The state rules of the execution actions live on the model (issue 15): the pages offer cancel, retry
and rerun by them, and the services refuse the same states."""

from __future__ import annotations

import pytest

from executions.models import Execution

S = Execution.Status
RULES = {
    # status: (is_active, can_cancel, can_retry, can_rerun)
    S.QUEUED: (True, True, False, False),
    S.RUNNING: (True, True, False, False),
    S.COMMITTING: (True, False, False, False),
    S.CANCELLING: (True, False, False, False),
    S.SUCCEEDED: (False, False, False, True),
    S.FAILED: (False, False, True, True),
    S.CANCELLED: (False, False, True, True),
}


def test_every_status_has_its_rules():
    assert set(RULES) == set(S)


@pytest.mark.parametrize("status", list(RULES))
def test_state_rules(status):
    execution = Execution(status=status)
    assert (execution.is_active, execution.can_cancel, execution.can_retry, execution.can_rerun) == RULES[status]
