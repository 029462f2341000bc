"""A node's ``retry`` block (docs/executions.md, "Failures and retries") on any node type: read by the engine,
checked by validation at ``retry.<key>``, never handed to the node type; hostile pipeline defaults fall back
to the built-ins instead of failing a run's start."""

from __future__ import annotations

import pytest

from executions.services.step_rows import DEFAULT_RETRY, retry_policy
from pipelines.graph import parse_graph_document
from pipelines.models import Pipeline
from pipelines.nodes import registry
from pipelines.validation import validate_graph
from tests.executions.conftest import chain
from tests.executions.test_engine import run, steps

FILTER = {"condition": "amount > 0"}


def _problems(config: dict) -> list[tuple[str, str]]:
    graph = chain(
        ("src", "t.rows", {"n": 2}),
        ("keep", "transform.filter", config),
        ("dst", "t.sink", {"name": "retry"}),
    )
    result = validate_graph(parse_graph_document(graph), check_schemas=False)
    return [(p.node, p.field or "") for p in result.problems]


def test_any_node_type_takes_a_retry_block_and_never_sees_it():
    config = registry.get("transform.filter").parse_config(
        {**FILTER, "retry": {"max_attempts": 3, "backoff_seconds": 0.5, "timeout_seconds": 60}}
    )
    assert not hasattr(config, "retry")
    assert _problems({**FILTER, "retry": {"max_attempts": 3}}) == []


@pytest.mark.parametrize(
    "retry, field",
    [
        ({"max_attempts": 0}, "retry.max_attempts"),
        ({"max_attempts": 21}, "retry.max_attempts"),
        ({"max_attempts": "3"}, "retry.max_attempts"),
        ({"backoff_seconds": float("inf")}, "retry.backoff_seconds"),
        ({"backoff_seconds": -1}, "retry.backoff_seconds"),
        ({"timeout_seconds": 10**12}, "retry.timeout_seconds"),
        ({"attempts": 3}, "retry.attempts"),
        ("three times", "retry"),
    ],
)
def test_a_bad_retry_block_is_a_problem_at_its_key(retry, field):
    assert _problems({**FILTER, "retry": retry}) == [("keep", f"config.{field}")]


@pytest.mark.django_db(transaction=True)
def test_a_node_retry_block_retries_the_step(make_pipeline, editor):
    graph = chain(
        ("src", "t.rows", {"n": 3}),
        ("flaky", "t.add", {"fail_times": 2, "retry": {"max_attempts": 3, "backoff_seconds": 0}}),
        ("dst", "t.sink", {"name": "node-retry"}),
    )
    execution = run(make_pipeline(graph), editor)
    assert execution.status == "succeeded", execution.error
    assert steps(execution)["flaky"].max_attempts == 3 and steps(execution)["flaky"].attempt == 3


@pytest.mark.parametrize("hostile", ["abc", 1e400, float("nan"), None, [1], {"x": 1}, True])
def test_hostile_pipeline_defaults_fall_back_to_the_built_ins(hostile):
    pipeline = Pipeline(default_params={"sluice_retry": {key: hostile for key in DEFAULT_RETRY}})
    policy = retry_policy(pipeline, {})
    assert 1 <= policy["max_attempts"] <= 20
    assert 0.0 <= policy["backoff_seconds"] <= 3600.0
    assert 1 <= policy["timeout_seconds"] <= 7 * 24 * 3600
