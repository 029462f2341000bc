"""source.file on real files of every format: schemas agree with runs, options, refusals, dry runs."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import polars as pl
import pytest

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.dtypes import DTYPES, dtype_from_name
from pipelines.nodes.sources.file import csv_reader, json_excel_reader, locate
from pipelines.nodes.sources.file import schema as schema_module

SOURCE = registry.get("source.file")
FRAME = pl.DataFrame(
    {
        "id": [1, 2, 3],
        "naïve name": ["Zoë", "李小龍", None],
        "amount": [1.5, None, -2.0],
        "when": [dt.date(2026, 1, 1), None, dt.date(2026, 1, 3)],
    }
)
WRITERS = {
    "f.csv": lambda f, p: f.write_csv(p),
    "f.parquet": lambda f, p: f.write_parquet(p),
    "f.ndjson": lambda f, p: f.write_ndjson(p),
    "f.json": lambda f, p: f.write_json(p),
    "f.xlsx": lambda f, p: f.write_excel(p),
}


@pytest.fixture
def root(settings) -> Path:
    return Path(settings.DATA_ROOT).resolve()


def ctx(root: Path, **kw) -> BuildContext:
    return BuildContext(node_key="src", data_root=root, **kw)


def schema_of(root: Path, **config) -> pl.Schema:
    return SOURCE.output_schema(ctx(root, mode="schema", timeout=10), SOURCE.parse_config(config), {})["out"]


def frame_of(root: Path, *, mode: str = "run", **config) -> pl.LazyFrame:
    return SOURCE.build(ctx(root, mode=mode), SOURCE.parse_config(config), {})["out"]


def read(root: Path, **config) -> pl.DataFrame:
    schema = schema_of(root, **config)
    frame = frame_of(root, **config)
    assert frame.collect_schema() == schema  # validation and run agree
    data = frame.collect()
    assert data.schema == schema
    return data


# --- formats --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(WRITERS))
def test_every_format_schema_from_metadata_equals_the_run(root, name):
    WRITERS[name](FRAME, root / name)
    data = read(root, path=name)
    assert data.height == 3
    assert data["naïve name"].to_list() == ["Zoë", "李小龍", None]
    assert data["id"].to_list() == [1, 2, 3]
    assert data["amount"][1] is None


@pytest.mark.parametrize("name", list(WRITERS))
def test_every_format_with_overrides(root, name):
    WRITERS[name](FRAME, root / name)
    data = read(root, path=name, schema_overrides={"id": "string", "amount": "float32"})
    assert data.schema["id"] == pl.String and data.schema["amount"] == pl.Float32
    assert data["id"].to_list() == ["1", "2", "3"]


def test_format_option_overrides_the_extension_and_mismatches_are_readable(root):
    FRAME.write_ndjson(root / "events.log")
    assert read(root, path="events.log", format="ndjson").height == 3
    with pytest.raises(NodeError, match=r"Cannot tell the format of 'events.log'") as exc:
        schema_of(root, path="events.log")
    assert exc.value.field == "format"
    FRAME.write_csv(root / "x.csv")
    with pytest.raises(NodeError, match=r"Cannot read 'x.csv' as parquet") as exc:
        schema_of(root, path="x.csv", format="parquet")
    assert exc.value.field == "format"


def test_lineage_of_a_source_has_no_upstream(root):
    FRAME.write_csv(root / "f.csv")
    cfg = SOURCE.parse_config({"path": "f.csv"})
    outputs = {"out": schema_of(root, path="f.csv")}
    assert SOURCE.lineage(cfg, {}, outputs) == {"out": {c: [] for c in FRAME.columns}}


# --- CSV options and awkward files ---------------------------------------------------------------


def test_csv_options(root):
    (root / "a.csv").write_text("title line\nid;amount;note\n1;NA;x\n2;3.5;\n", encoding="utf-8")
    data = read(root, path="a.csv", delimiter=";", skip_rows=1, null_values=["NA"])
    assert data.columns == ["id", "amount", "note"]
    assert data["amount"].to_list() == [None, 3.5] and data["note"].to_list() == ["x", None]
    (root / "t.tsv").write_text("a\tb\n1\t2\n")
    assert read(root, path="t.tsv", delimiter="\t").columns == ["a", "b"]
    (root / "noheader.csv").write_text("1,x\n2,y\n")
    assert read(root, path="noheader.csv", has_header=False).columns == ["column_0", "column_1"]
    (root / "q.csv").write_text("a,b\n'x,y',1\n")
    assert read(root, path="q.csv", quote_char="'")["a"].to_list() == ["x,y"]


def test_no_quoting_keeps_quotes_as_text(root):
    (root / "q.csv").write_text('a,b\n"x,1\n', encoding="utf-8")
    with pytest.raises(pl.exceptions.ComputeError, match="not properly escaped"):
        frame_of(root, path="q.csv").collect()  # an unclosed quote swallows the rest
    assert read(root, path="q.csv", quote_char=None).rows() == [('"x', 1)]


@pytest.mark.parametrize(
    "value,message",
    [({"delimiter": ";;"}, "at most 1"), ({"delimiter": "§"}, "ASCII"), ({"delimiter": "\n"}, "line break")],
)
def test_bad_csv_options_are_config_errors(value, message):
    with pytest.raises(ValueError, match=message):
        SOURCE.parse_config({"path": "x.csv", **value})


def test_header_only_csv_is_an_empty_table(root):
    (root / "h.csv").write_text("id,name\n")
    data = read(root, path="h.csv")
    assert data.height == 0 and data.columns == ["id", "name"]
    assert read(root, path="h.csv", schema_overrides={"id": "int64"}).schema["id"] == pl.Int64


@pytest.mark.parametrize(
    "name,content",
    [("e.csv", b""), ("e.ndjson", b""), ("e.json", b"[]"), ("e.latin.csv", b"")],
)
def test_empty_files_are_refused_with_a_clear_message(root, name, content):
    (root / name).write_bytes(content)
    extra = {"encoding": "latin-1"} if "latin" in name else {}
    with pytest.raises(NodeError, match="is empty") as exc:
        schema_of(root, path=name, **extra)
    assert exc.value.field == "path"


def test_empty_excel_sheet_and_zero_row_parquet(root):
    FRAME.head(0).write_parquet(root / "z.parquet")
    assert read(root, path="z.parquet").height == 0
    pl.DataFrame().write_excel(root / "e.xlsx")
    with pytest.raises(NodeError, match="empty"):
        schema_of(root, path="e.xlsx")


def test_nulls_and_unicode(root):
    (root / "u.csv").write_text("città,значение,emoji\nRoma,,🙂\n,-,x\n", encoding="utf-8")
    data = read(root, path="u.csv", null_values=["-"])
    assert data.columns == ["città", "значение", "emoji"]
    assert data.rows() == [("Roma", None, "🙂"), (None, None, "x")]


def test_encodings(root):
    (root / "l.csv").write_bytes("nom;ville\ncafé;Besançon\nœuvre;Zürich\n".encode("cp1252"))
    data = read(root, path="l.csv", delimiter=";", encoding="cp1252")
    assert data.rows() == [("café", "Besançon"), ("œuvre", "Zürich")]
    (root / "l1.csv").write_bytes("nom\ncafé\n".encode("latin-1"))
    assert read(root, path="l1.csv", encoding="latin-1")["nom"].to_list() == ["café"]
    (root / "u16.csv").write_bytes("a,b\n1,ü\n".encode("utf-16"))
    assert read(root, path="u16.csv", encoding="utf-16").rows() == [(1, "ü")]
    with pytest.raises(NodeError, match="not valid UTF-8") as exc:
        schema_of(root, path="l1.csv")
    assert exc.value.field == "encoding"
    assert read(root, path="l1.csv", encoding="utf8-lossy")["nom"].to_list() == ["caf\ufffd"]
    (root / "bad.csv").write_bytes(b"a\n\x81\n")
    with pytest.raises(NodeError, match="not valid cp1252") as exc:
        schema_of(root, path="bad.csv", encoding="cp1252")
    assert exc.value.field == "encoding"


def test_transcoding_is_chunked_on_record_boundaries(root, monkeypatch):
    monkeypatch.setattr(csv_reader, "SAMPLE_BYTES", 64)  # many chunks, records cut everywhere
    rows = [(i, f'ligne {i}\nsuite é "quoted"', i * 1.5) for i in range(200)]
    frame = pl.DataFrame(rows, schema=["id", "text", "value"], orient="row")
    (root / "big.csv").write_bytes(frame.write_csv().encode("latin-1"))
    data = read(root, path="big.csv", encoding="latin-1")
    assert data.equals(frame)
    lazy = frame_of(root, path="big.csv", encoding="latin-1")
    assert lazy.head(5).collect().equals(frame.head(5))
    assert lazy.filter(pl.col("id") > 195).select("id").collect()["id"].to_list() == [196, 197, 198, 199]
    assert frame_of(root, path="big.csv", encoding="latin-1", mode="dry_run").collect().height == 200


def test_a_record_longer_than_the_cap_is_refused(root, monkeypatch):
    monkeypatch.setattr(csv_reader, "SAMPLE_BYTES", 16)
    monkeypatch.setattr(csv_reader, "MAX_RECORD_CHARS", 100)
    (root / "open.csv").write_bytes(b'a\n"' + b"x\n" * 200)
    frame = frame_of(root, path="open.csv", encoding="latin-1")
    with pytest.raises(Exception, match=r"record longer than 0 MiB .an unclosed quote"):
        frame.collect()


@pytest.mark.parametrize("encoding", ["utf8", "latin-1"])
def test_a_one_megabyte_cell(root, encoding):
    big = "é" * (1024 * 1024)
    (root / "big.csv").write_bytes(f"id,text\n1,{big}\n2,small\n".encode("utf-8" if encoding == "utf8" else "latin-1"))
    data = read(root, path="big.csv", encoding=encoding)
    assert data["text"].str.len_chars().to_list() == [1024 * 1024, 5]


def test_duplicate_column_names_are_refused_readably(root):
    (root / "d.csv").write_text("id,name,id\n1,a,2\n")
    with pytest.raises(NodeError, match="repeats the column 'id'") as exc:
        schema_of(root, path="d.csv")
    assert exc.value.field == "has_header" and exc.value.column == "id"
    assert read(root, path="d.csv", has_header=False, skip_rows=1).columns == ["column_0", "column_1", "column_2"]


def test_schema_overrides_parse_csv_values(root):
    (root / "o.csv").write_text("zip,day,at,flag,kind\n00123,2026-01-02,2026-01-02 03:04:05,true,a\n")
    overrides = {"zip": "string", "day": "date", "at": "datetime", "flag": "boolean", "kind": "categorical"}
    data = read(root, path="o.csv", schema_overrides=overrides)
    assert data.row(0) == ("00123", dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 3, 4, 5), True, "a")
    assert dict(data.schema) == {k: dtype_from_name(v) for k, v in overrides.items()}
    with pytest.raises(NodeError, match="No column 'nope'") as exc:
        schema_of(root, path="o.csv", schema_overrides={"nope": "int64"})
    assert exc.value.field == "schema_overrides.nope"
    with pytest.raises(ValueError, match="schema_overrides"):
        SOURCE.parse_config({"path": "o.csv", "schema_overrides": {"zip": "decimal"}})


def test_an_override_that_does_not_fit_fails_the_run(root):
    pl.DataFrame({"v": ["1", "x"]}).write_parquet(root / "v.parquet")
    frame = frame_of(root, path="v.parquet", schema_overrides={"v": "int64"})
    assert frame.collect_schema()["v"] == pl.Int64
    with pytest.raises(pl.exceptions.InvalidOperationError):
        frame.collect()


def test_dtypes_module_names_every_type():
    assert dtype_from_name("Int64") == pl.Int64 and set(DTYPES) >= {"string", "date", "datetime", "categorical"}
    with pytest.raises(ValueError, match="unknown type 'decimal'"):
        dtype_from_name("decimal")


# --- JSON and Excel specifics -------------------------------------------------------------------------


def test_json_array_schema_from_the_first_elements(root, monkeypatch):
    monkeypatch.setattr(json_excel_reader, "SAMPLE_BYTES", 200)  # the metadata read stops early
    rows = [{"id": i, "tag": f"t{i}", "extra": None if i < 50 else i} for i in range(100)]
    pl.DataFrame(rows).write_json(root / "a.json")
    assert schema_of(root, path="a.json")["extra"] == pl.Null  # only the first elements were read
    with pytest.raises(NodeError, match=r"'extra' of 'a.json' reads as Null in the first rows") as exc:
        frame_of(root, path="a.json")  # the run refuses a type that differs from what validation showed
    assert exc.value.field == "schema_overrides.extra"
    data = read(root, path="a.json", schema_overrides={"extra": "int64"})
    assert data.height == 100 and data["extra"].null_count() == 50
    assert frame_of(root, path="a.json", mode="dry_run", schema_overrides={"extra": "int64"}).collect().height == 100
    sample = SOURCE.build(ctx(root, mode="dry_run", sample_rows=3), SOURCE.parse_config({"path": "a.json"}), {})
    assert sample["out"].collect()["id"].to_list() == [0, 1, 2]


def test_json_object_file(root):
    (root / "o.json").write_text('{"a": 1, "b": "x"}')
    assert read(root, path="o.json").rows() == [(1, "x")]


def test_excel_sheets(root):
    import xlsxwriter

    with xlsxwriter.Workbook(root / "w.xlsx") as book:
        for name, rows in [("First", [["a"], [1]]), ("Données", [["b", "c"], ["x", 2], ["y", 3]])]:
            sheet = book.add_worksheet(name)
            for r, row in enumerate(rows):
                sheet.write_row(r, 0, row)
    assert read(root, path="w.xlsx").columns == ["a"]
    assert read(root, path="w.xlsx", sheet="Données").rows() == [("x", 2), ("y", 3)]
    assert read(root, path="w.xlsx", sheet=1).height == 2
    with pytest.raises(NodeError, match="'Nope'") as exc:
        schema_of(root, path="w.xlsx", sheet="Nope")
    assert exc.value.field == "sheet"


def test_excel_types_that_change_after_the_sample_are_refused(root, monkeypatch):
    monkeypatch.setattr(schema_module, "INFER_ROWS", 2)  # the rows sampled
    monkeypatch.setattr(json_excel_reader, "INFER_ROWS", 2)  # the rows read to infer types
    pl.DataFrame({"n": [1.0, 2.0, 3.0, 4.5]}).write_excel(root / "n.xlsx")
    assert schema_of(root, path="n.xlsx")["n"] == pl.Int64
    with pytest.raises(NodeError, match=r"schema_overrides.n"):
        frame_of(root, path="n.xlsx").collect()
    assert read(root, path="n.xlsx", schema_overrides={"n": "float64"})["n"].to_list() == [1.0, 2.0, 3.0, 4.5]


# --- globs and directories ----------------------------------------------------------------------------


def test_glob_reads_every_match_as_one_table(root):
    (root / "sales").mkdir()
    for i in range(3):
        pl.DataFrame({"id": [i], "region": [f"r{i}"]}).write_csv(root / "sales" / f"2026-0{i + 1}.csv")
    (root / "sales" / ".hidden.csv").write_text("id,region\n99,x\n")
    (root / "sales" / "notes.txt").write_text("not, the, same\n")
    data = read(root, path="sales/2026-*.csv")
    assert data["id"].to_list() == [0, 1, 2]
    with pytest.raises(NodeError, match=r"No file matches 'sales/1999-\*.csv'") as exc:
        schema_of(root, path="sales/1999-*.csv")
    assert exc.value.field == "path"


def test_glob_refuses_mixed_formats_and_too_many_files(root, monkeypatch):
    (root / "mix").mkdir()
    FRAME.write_csv(root / "mix" / "a.csv")
    FRAME.write_parquet(root / "mix" / "b.parquet")
    with pytest.raises(NodeError, match="several formats"):
        schema_of(root, path="mix/*")
    assert read(root, path="mix", format="csv").height == 3  # a directory: only the files of the format
    with pytest.raises(NodeError, match=r"'mix/b.parquet' is not valid UTF-8"):
        schema_of(root, path="mix/*", format="csv")  # a glob: every match, read as the format
    monkeypatch.setattr(locate, "MAX_FILES", 1)
    with pytest.raises(NodeError, match="more than 1 files"):
        schema_of(root, path="mix/*")


def test_directory_of_hive_partitions(root):
    FRAME.with_columns(region=pl.Series(["n", "s", "n"])).write_parquet(root / "parts", partition_by="region")
    data = read(root, path="parts")
    assert sorted(data["region"].to_list()) == ["n", "n", "s"] and data.height == 3


# --- refusals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,message",
    [
        ("../etc/passwd", "contains '..'"),
        ("a/../../x.csv", "contains '..'"),
        ("/etc/passwd", "absolute"),
        ("../*.csv", "contains '..'"),
        ("missing.csv", "does not exist"),
    ],
)
def test_path_refusals(root, path, message):
    with pytest.raises(NodeError, match=message) as exc:
        schema_of(root, path=path)
    assert exc.value.field == "path"
    with pytest.raises(NodeError, match=message):
        frame_of(root, path=path)


def test_symlinks_out_of_the_root_are_refused(root, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("a\n1\n")
    os.symlink(outside / "secret.csv", root / "link.csv")
    os.symlink(outside, root / "dirlink")
    for path in ("link.csv", "*.csv", "dirlink/secret.csv", "dirlink/*.csv", "dirlink"):
        with pytest.raises(NodeError, match="outside the data root") as exc:
            schema_of(root, path=path)
        assert exc.value.field == "path"
    (root / "ok.csv").write_text("a\n2\n")
    os.symlink(root / "ok.csv", root / "inside.csv")  # a link that stays inside is fine
    assert read(root, path="inside.csv")["a"].to_list() == [2]


def test_metadata_read_is_bounded_in_time(root, monkeypatch):
    FRAME.write_csv(root / "f.csv")
    real = schema_module._raw_schema

    def slow(*args, **kwargs):
        time.sleep(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(schema_module, "_raw_schema", slow)
    cfg = SOURCE.parse_config({"path": "f.csv"})
    with pytest.raises(NodeError, match=r"took longer than 0.2 s") as exc:
        SOURCE.output_schema(ctx(root, mode="schema", timeout=0.2), cfg, {})
    assert exc.value.code == "timeout"


# --- dry runs ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(WRITERS))
def test_dry_run_is_limited_to_the_sample(root, name):
    big = pl.DataFrame({"id": range(500), "text": [f"row {i}" for i in range(500)]})
    WRITERS[name](big, root / name)
    cfg = SOURCE.parse_config({"path": name})
    out = SOURCE.build(ctx(root, mode="dry_run", sample_rows=7), cfg, {})["out"].collect()
    assert out["id"].to_list() == list(range(7))
    assert SOURCE.build(ctx(root, mode="run"), cfg, {})["out"].collect().height == 500


def test_injected_rows_are_returned_exactly_and_typed(root):
    FRAME.write_csv(root / "f.csv")
    cfg = SOURCE.parse_config({"path": "f.csv", "schema_overrides": {"amount": "float32"}})
    rows = [{"id": 9, "amount": 2}, {"id": 10, "amount": None}]
    out = SOURCE.build(ctx(root, mode="dry_run", injected_rows=rows), cfg, {})["out"].collect()
    assert out.to_dicts() == [{"id": 9, "amount": 2.0}, {"id": 10, "amount": None}]
    assert out.schema == pl.Schema({"id": pl.Int64, "amount": pl.Float32})
    missing = SOURCE.parse_config({"path": "not-there.csv", "schema_overrides": {"day": "date"}})
    out = SOURCE.build(ctx(root, mode="dry_run", injected_rows=[{"day": "2026-02-03"}]), missing, {})["out"]
    assert out.collect().to_dicts() == [{"day": dt.date(2026, 2, 3)}]
    with pytest.raises(NodeError, match="column 'day' cannot be read as date"):
        SOURCE.build(ctx(root, mode="dry_run", injected_rows=[{"day": "soon"}]), missing, {})
