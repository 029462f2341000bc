"""A preview asked for an output port the node does not have is a 400 naming the ports, for a fused
node (recomputed) as for a materialised one (read from its artifact); issue 14 found a 500 (KeyError)
on the fused path."""

from __future__ import annotations

import pytest

from executions import executors
from executions.services import execution_start
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("node", ["a", "src"])
def test_an_unknown_port_is_a_400(make_pipeline, client_for, editor, node):
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 3}), ("a", "t.add", {}), ("dst", "t.sink", {"name": "p"})))
    execution = execution_start(pipeline=pipeline, user=editor)
    executors.run_inline_until_idle()
    response = client_for(editor).get(f"/api/executions/{execution.pk}/steps/{node}/preview/", {"port": "HÔî"})
    assert response.status_code == 400, response.content[:300]
    assert "ports: out" in response.json()["port"][0]
    assert client_for(editor).get(f"/api/executions/{execution.pk}/steps/{node}/preview/?port=out").status_code == 200
