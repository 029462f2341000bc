"""The Python client as a source archive, so a CI job can install it from the server it talks to
(``GET /api/client/python/``; ``pip install sluice-client.tar.gz``). Built from ``clients/python/`` of this
installation on each request: a few dozen small files, deterministic (fixed times and owners)."""

from __future__ import annotations

import gzip
import io
import tarfile
import tomllib
from pathlib import Path

from django.conf import settings

SKIPPED = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".venv", "build", "dist", ".git"}
MAX_BYTES = 20 * 1024 * 1024


class ClientMissing(Exception):
    """This installation has no client folder (or it has no pyproject.toml)."""


def client_dir() -> Path:
    return Path(getattr(settings, "SLUICE_CLIENT_DIR", settings.BASE_DIR / "clients" / "python"))


def _files(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in SKIPPED or part.endswith(".egg-info") for part in relative.parts):
            continue
        if path.is_file() and not path.is_symlink() and path.suffix not in (".pyc", ".pyo"):
            found.append(path)
    return found


def client_archive() -> tuple[str, bytes]:
    """``(filename, bytes)`` of a .tar.gz of the client's folder under ``<name>-<version>/``; ClientMissing when
    there is none."""
    root = client_dir()
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text("utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ClientMissing(f"No readable {root.name}/pyproject.toml in this installation.") from exc
    name = str(project.get("name", "sluice-client")).replace("_", "-")
    version = str(project.get("version", "0"))
    top = f"{name}-{version}"
    buffer = io.BytesIO()
    # The gzip header's mtime is 0 too (it was the clock's second): the same client, the same bytes.
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as archive,
    ):
        size = 0
        for path in _files(root):
            data = path.read_bytes()
            size += len(data)
            if size > MAX_BYTES:
                raise ClientMissing("The client's folder is larger than a client should be; is it the right one?")
            info = tarfile.TarInfo(f"{top}/{path.relative_to(root).as_posix()}")
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(data))
    return f"{top}.tar.gz", buffer.getvalue()
