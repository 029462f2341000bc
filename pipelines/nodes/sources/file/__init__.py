"""source.file: CSV, JSON, NDJSON, Parquet or Excel files under DATA_ROOT (uploads live in uploads/).

``path`` is one file, a glob (``sales/*.csv``, ``logs/**/*.ndjson``: every match is read, in sorted order,
as one table) or a directory (every file of the format below it; Hive-style ``key=value`` folders,
as ``destination.file`` writes them, come back as columns). Every path goes through
``pipelines.paths.resolve_data_path``, matches of a glob included, so nothing outside the data root is read,
and nothing the pipeline may not open (``BuildContext.file_access``, the sharing rule of docs/files.md): a
path in another user's upload area reads as one that does not exist, and a glob or directory skips the
files it may not open.

Validation and runs agree on the schema by construction: ``output_schema`` and ``build`` call the same
``schema._read_schema``, which reads metadata only (CSV/NDJSON: the header and the first ``INFER_ROWS`` rows;
Parquet: the footer; JSON arrays: the first elements; Excel: the first rows), and JSON, Excel and
transcoded CSV are then read *with* that schema. Decisions:

* Encodings: ``utf8`` and ``utf8-lossy`` are read by Polars natively; ``latin-1``, ``cp1252`` and ``utf-16``
  are transcoded on the fly in record-aligned (quote-aware) 8 MiB chunks by a lazy Python scan: memory
  stays bounded and a dry run stops after its sample.
* A CSV header that repeats a column name is refused (Polars would silently rename the second to
  ``name_duplicated_0``); the message names the column and suggests ``has_header: false``.
* An empty file (not even a header) is refused; a header-only CSV is a table with zero rows.
* All files of a glob must have the same format and the same columns; hidden files never match.
* Schema overrides are applied while parsing CSV (so ``"007"`` read as string keeps its zeros) and as a
  strict cast for the other formats (a value that does not fit fails the run, it is never nulled).
* Injected dry-run rows are returned exactly as given (same rows, same keys), typed by the overrides or,
  where the file can be read, by the file's own column types.

The modules: ``config`` (the options model and the read limits), ``locate`` (which files a path names,
and which of them the pipeline may open), ``csv_reader`` and ``json_excel_reader`` (the formats), ``schema``
(metadata and its checks) and ``node`` (the frame, and the registered node type).
"""

from pipelines.nodes.sources.file.locate import detect_format, source_files
from pipelines.nodes.sources.file.node import FileSource, file_schema

__all__ = ["FileSource", "detect_format", "file_schema", "source_files"]
