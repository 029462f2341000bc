"""Drill-down between a run and the runs its pipeline.call steps made: the execution pages link both
ways (only to what the reader may see), and the API says which run called a run."""

from __future__ import annotations

import pytest
from django.test import Client

from executions.models import Execution
from tests import factories
from tests.executions.conftest import chain
from tests.executions.test_calls import run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def runs(make_pipeline, editor):
    called = make_pipeline(
        chain(("src", "t.rows", {"n": 4}), ("plus", "t.add", {"add": 10}), ("d", "t.sink", {"name": "c"})),
        name="Called pipeline",
    )
    caller = make_pipeline(
        chain(
            ("rows", "t.rows", {"n": 2}),
            ("call", "pipeline.call", {"pipeline": called.pk, "inputs": {"in": "src"}, "outputs": {"out": "plus"}}),
            ("dst", "t.sink", {"name": "out"}),
        ),
        name="Caller pipeline",
    )
    parent = run(caller, editor)
    assert parent.status == "succeeded", parent.error
    child = Execution.objects.get(parent_step__execution=parent)
    return parent, child, caller, called


def page(user, url: str):
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_parent_page_links_to_the_child_and_back(runs, editor):
    parent, child, _, _ = runs
    html = page(editor, f"/executions/{parent.pk}/").content.decode()
    assert f'href="/executions/{child.pk}/"' in html
    assert f'data-called-run="{child.pk}"' in html  # in the steps table, on the call's row
    assert 'id="called-runs"' in html and "Called pipeline v1" in html
    child_html = page(editor, f"/executions/{child.pk}/").content.decode()
    assert 'id="called-by"' in child_html
    assert f'href="/executions/{parent.pk}/"' in child_html and "<code>call</code>" in child_html
    assert "Called by a pipeline" in child_html  # the trigger


def test_live_partial_keeps_the_link(runs, editor):
    parent, child, _, _ = runs
    html = page(editor, f"/executions/{parent.pk}/live/").content.decode()
    assert f'data-called-run="{child.pk}"' in html


def test_a_reader_who_may_not_see_the_called_pipeline_gets_no_link(runs, editor):
    parent, child, caller, called = runs
    reader = factories.UserFactory(role="viewer")
    caller.shared_with_users.add(reader)
    html = page(reader, f"/executions/{parent.pk}/").content.decode()
    assert f"/executions/{child.pk}/" not in html and 'id="called-runs"' not in html
    assert page(reader, f"/executions/{child.pk}/").status_code == 404
    # And one who sees the called pipeline only reads "a run you may not see" for its caller.
    other = factories.UserFactory(role="viewer")
    called.shared_with_users.add(other)
    child_html = page(other, f"/executions/{child.pk}/").content.decode()
    assert "a run you may not see" in child_html and f"/executions/{parent.pk}/" not in child_html


def test_api_names_the_parent_run(runs, editor, client_for, django_assert_max_num_queries):
    parent, child, _, _ = runs
    api = client_for(editor)
    data = api.get(f"/api/executions/{child.pk}/").json()
    assert data["trigger"] == "call" and data["parent_execution"] == parent.pk and data["parent_node"] == "call"
    parent_data = api.get(f"/api/executions/{parent.pk}/").json()
    assert parent_data["parent_execution"] is None
    call_step = next(s for s in parent_data["steps"] if s["node_key"] == "call")
    assert call_step["report"]["call"]["execution"] == child.pk
    with django_assert_max_num_queries(12):
        listed = api.get("/api/executions/").json()
    assert {e["id"]: e["parent_execution"] for e in listed["results"]} == {parent.pk: None, child.pk: parent.pk}


def test_a_called_run_is_run_again_only_through_its_caller(runs, operator, client_for):
    parent, child, _, called = runs
    called.shared_with_users.add(operator)
    assert not child.can_rerun and parent.can_rerun
    Execution.objects.filter(pk=child.pk).update(status="failed")
    child.refresh_from_db()
    assert not child.can_retry
    api = client_for(operator)
    for action in ("retry", "rerun"):
        response = api.post(f"/api/executions/{child.pk}/{action}/")
        assert response.status_code == 400, (action, response.content)
        assert "run that called it" in response.content.decode()
    assert Execution.objects.filter(pipeline=called).count() == 1  # nothing started
