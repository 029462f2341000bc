"""The committed front-end bundle (static/dist): what the pages load and what that loads in turn."""

from __future__ import annotations

import re
from pathlib import Path

DIST = Path(__file__).resolve().parents[2] / "static" / "dist"
ENTRIES = ("app.js", "builder.js", "dag.js")  # what the templates load, by {% static %}
RELATIVE_IMPORT = re.compile(r'(?:\bfrom|\bimport\(?)\s*"\./([^"]+)"')


def test_every_relative_import_names_a_file_of_the_bundle_and_never_an_entry():
    """In production the page loads an entry under Django's hashed name (ManifestStaticFilesStorage)
    and nothing rewrites the imports inside the files: a chunk importing "./builder.js" would run the
    builder a second time. Chunks are content-hashed instead (frontend/vite.config.ts)."""
    imported: set[str] = set()
    for path in DIST.glob("*.js"):
        for name in RELATIVE_IMPORT.findall(path.read_text(encoding="utf-8")):
            assert (DIST / name).is_file(), f"{path.name} imports ./{name}, which is not in static/dist"
            assert name not in ENTRIES, f"{path.name} imports the entry ./{name}"
            assert re.search(r"-[\w-]{8}\.js$", name), f"{path.name} imports ./{name}, whose name has no hash"
            imported.add(name)
    assert all((DIST / entry).is_file() for entry in ENTRIES)
    # elkjs (three quarters of the builder and the DAG) is a chunk of its own, loaded on first use.
    assert any(name.startswith("builder-elk") for name in imported)
    assert any(name.startswith("dag-elk") for name in imported)
    assert (DIST / "builder.js").stat().st_size < 1_000_000 and (DIST / "dag.js").stat().st_size < 600_000
