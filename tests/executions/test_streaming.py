"""Bigger than memory: validation warns about each node that holds its input in memory (naming it), and a
table destination gets a bigger input through a spool: one streaming pass, then staging in batches from
the file, which is removed afterwards."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest
from django.conf import settings

from executions import executors
from executions.models import StepLog
from executions.services import execution_start
from pipelines.graph import Graph
from pipelines.validation import validate_graph
from tests.executions.conftest import chain


@pytest.fixture(autouse=True)
def _own_scratch(settings, tmp_path):
    settings.SLUICE_SCRATCH_DIR = str(tmp_path / "scratch")


def _validate(*nodes, edges=None):
    return validate_graph(Graph.from_dict(chain(*nodes, edges=edges)))


@pytest.fixture
def csv_file():
    path = Path(settings.DATA_ROOT) / "sales.csv"
    pl.DataFrame({"id": [1, 2, 3], "region": ["n", "s", "n"], "amount": [5.0, 7.5, 1.0]}).write_csv(path)
    json_path = Path(settings.DATA_ROOT) / "sales.json"
    json_path.write_text('[{"id": 1, "amount": 2.0}]')
    return path


SOURCE = ("read", "source.file", {"path": "sales.csv", "format": "csv"})
WRITE = ("write", "destination.file", {"path": "out/sales.parquet", "format": "parquet"})


@pytest.mark.django_db
def test_a_sort_is_named_in_a_warning_and_the_graph_stays_valid(csv_file):
    result = _validate(
        SOURCE,
        ("keep", "transform.filter", {"condition": "amount > 2"}),
        ("order", "transform.sort", {"keys": [{"column": "amount", "descending": True}]}),
        WRITE,
    )
    assert result.is_valid, result.problems
    assert [w.to_dict() for w in result.warnings] == [
        {
            "node": "order",
            "field": None,
            "code": "not_streaming",
            "message": "order: sort holds the whole input in memory",
        }
    ]
    assert result.to_dict()["warnings"][0]["message"] == "order: sort holds the whole input in memory"


@pytest.mark.django_db
def test_a_streaming_chain_has_no_warning(csv_file):
    result = _validate(
        SOURCE,
        ("keep", "transform.filter", {"condition": "amount > 2"}),
        ("derive", "transform.map", {"derive": [{"name": "double", "expr": "amount * 2"}]}),
        (
            "agg",
            "transform.aggregate",
            {"group_by": ["region"], "aggregations": [{"column": "amount", "function": "sum"}]},
        ),
        WRITE,
    )
    assert result.is_valid, result.problems
    assert result.warnings == []


@pytest.mark.django_db
def test_holding_aggregates_dedupe_and_whole_file_formats_are_named(csv_file):
    result = _validate(
        ("read", "source.file", {"path": "sales.json"}),
        ("once", "transform.dedupe", {}),
        (
            "agg",
            "transform.aggregate",
            {"group_by": ["id"], "aggregations": [{"column": "amount", "function": "median"}]},
        ),
        WRITE,
    )
    assert result.is_valid, result.problems
    assert [w.message for w in result.warnings] == [
        "read: JSON file is read whole into memory (CSV, NDJSON and Parquet stream)",
        "once: dedupe holds every distinct row (or key) of its input in memory",
        "agg: aggregate with median holds every value of each group in memory",
    ]


@pytest.mark.django_db
def test_the_api_returns_the_warnings(csv_file, editor, client_for):
    graph = chain(SOURCE, ("order", "transform.sort", {"keys": [{"column": "id"}]}), WRITE)
    body = client_for(editor).post("/api/validate/", {"graph": graph}, format="json").json()
    assert body["valid"] is True
    assert [w["message"] for w in body["warnings"]] == ["order: sort holds the whole input in memory"]


ROWS = 60_000  # above the engine's EAGER_MAX_ROWS: the destination's input is spooled, not collected


@pytest.mark.django_db(transaction=True)
def test_a_table_destination_stages_a_bigger_input_from_a_spool_in_batches(make_pipeline, editor):
    graph = chain(
        ("src", "t.rows", {"n": ROWS}),
        ("derive", "transform.map", {"derive": [{"name": "half", "expr": "i / 2"}]}),
        ("dst", "destination.warehouse", {"table": "big", "mode": "replace", "batch_size": 1000}),
    )
    execution = execution_start(pipeline=make_pipeline(graph), user=editor)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == "succeeded", execution.error
    with duckdb.connect(str(Path(settings.DATA_ROOT) / "warehouse.duckdb"), read_only=True) as conn:
        assert conn.execute("SELECT count(*), sum(i), max(half) FROM main.big").fetchone() == (
            ROWS,
            ROWS * (ROWS - 1) // 2,
            (ROWS - 1) / 2,
        )
    step = execution.steps.get(node_key="dst")
    assert step.rows_in == ROWS
    assert StepLog.objects.filter(execution=execution, message=f"staging {ROWS} rows for dst").exists()
    assert list((Path(settings.SLUICE_SCRATCH_DIR) / "spool").iterdir()) == []  # the spool is gone


@pytest.mark.django_db(transaction=True)
def test_a_blocking_check_on_a_spooled_input_stages_nothing(make_pipeline, editor):
    graph = chain(
        ("src", "t.rows", {"n": ROWS}),
        (
            "dst",
            "destination.warehouse",
            {"table": "checked", "checks": [{"type": "row_count", "max": 10, "action": "block"}]},
        ),
    )
    execution = execution_start(pipeline=make_pipeline(graph), user=editor)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == "failed"
    path = Path(settings.DATA_ROOT) / "warehouse.duckdb"
    if path.exists():
        with duckdb.connect(str(path), read_only=True) as conn:
            tables = [r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        assert tables == []  # neither the target nor a staging table
    assert list((Path(settings.SLUICE_SCRATCH_DIR) / "spool").iterdir()) == []


def test_a_big_csv_gets_its_types_from_its_head_with_whole_records(settings, monkeypatch, tmp_path):
    """Above HEAD_SCHEMA_BYTES a UTF-8 CSV's types come from its first SAMPLE_BYTES cut after the last whole
    record (Polars' own inference maps the whole file, which a file of a few GB cannot do under the
    interactive pool's address-space cap): the same types as a full inference, a quoted line break or a
    character split at the cut notwithstanding."""
    from pipelines.nodes.sources.file import schema
    from pipelines.nodes.sources.file.config import FileSourceConfig

    path = tmp_path / "big.csv"
    rows = [f'{i},"note {i}\nwith a line break",{i / 4},é{i}' for i in range(5000)]
    path.write_text("id,note,amount,name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    config = FileSourceConfig.model_validate({"path": "big.csv", "format": "csv"})
    full = schema._raw_schema(config, [path], "csv", tmp_path)
    monkeypatch.setattr(schema, "HEAD_SCHEMA_BYTES", 1000)
    for cut in (4096, 4097, 4098, 4099, 10_001):  # inside quotes, after 'é''s first byte, …
        monkeypatch.setattr(schema, "SAMPLE_BYTES", cut)
        assert schema._raw_schema(config, [path], "csv", tmp_path) == full
    assert full == pl.Schema({"id": pl.Int64, "note": pl.String, "amount": pl.Float64, "name": pl.String})
