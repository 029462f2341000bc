"""Where documents come from: pasted text, an uploaded file, a zip archive, files and directories on disk.

Archives are read with bounds, never extracted to disk: at most ``MAX_MEMBERS`` members, each document
member at most ``limits.MAX_BYTES`` and the whole at most ``MAX_ARCHIVE_BYTES`` once uncompressed (counted
while reading, not trusted from the header), a compression ratio of at most ``MAX_RATIO`` (a zip bomb),
no absolute paths, no ``..``, no backslashes or drive letters (zip slip), no nested archives and no
symbolic links. Members that are not documents (``README.md``, fixtures) are skipped; hidden files and
directories (``.git/``) too.
"""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipelines.documents import limits
from pipelines.documents.limits import DocumentError
from pipelines.documents.parsing import ParsedDocument, documents_parse

DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")
ARCHIVE_SUFFIXES = (".zip",)
NESTED_ARCHIVE_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".jar")
MAX_MEMBERS = 1000
MAX_ARCHIVE_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100


@dataclass
class SourceFailure:
    """A file (or archive member) that could not be read as documents at all: its name and why."""

    filename: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.filename, "message": self.message}


@dataclass
class Loaded:
    documents: list[ParsedDocument]
    failures: list[SourceFailure]

    def extend(self, other: Loaded) -> None:
        self.documents += other.documents
        self.failures += other.failures


def is_document_name(name: str) -> bool:
    return name.lower().endswith(DOCUMENT_SUFFIXES)


def load_text(text: str | bytes, *, filename: str | None = None) -> Loaded:
    """The documents of one text; a text that cannot be read at all is one failure."""
    try:
        return Loaded(documents_parse(text, filename=filename), [])
    except DocumentError as exc:
        return Loaded([], [SourceFailure(filename or "document", str(exc))])


def load_upload(name: str, data: bytes) -> Loaded:
    """An uploaded file: a zip archive (by its name or its magic bytes) or one document file."""
    if name.lower().endswith(ARCHIVE_SUFFIXES) or data[:4] == b"PK\x03\x04":
        return load_archive(data, filename=name)
    return load_text(data, filename=name)


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why the member ``info`` may not be read (None: it may)."""
    name = info.filename
    path = PurePosixPath(name)
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in path.parts:
        return "unsafe path in the archive; refused"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "a symbolic link; refused"
    if name.lower().endswith(NESTED_ARCHIVE_SUFFIXES):
        return "an archive inside the archive; refused"
    if info.file_size > limits.MAX_BYTES:
        return limits.too_big_message()
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
        return f"compressed more than {MAX_RATIO} to 1 (a zip bomb?); refused"
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, reading at most MAX_BYTES + 1 whatever its header claims."""
    with archive.open(info) as handle:
        data = handle.read(limits.MAX_BYTES + 1)
    if len(data) > limits.MAX_BYTES:
        raise DocumentError(limits.too_big_message())
    return data


def archive_texts(data: bytes, *, filename: str = "archive.zip") -> tuple[list[tuple[str, str]], list[SourceFailure]]:
    """``(label, text)`` of every document member of a zip archive (``archive.zip:dir/a.yaml``), within the
    bounds above; a refused member is a failure, an archive that breaks a whole-archive bound is one failure."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        return [], [SourceFailure(filename, f"not a zip archive ({exc})")]
    texts: list[tuple[str, str]] = []
    failures: list[SourceFailure] = []
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            return [], [SourceFailure(filename, f"holds more than {MAX_MEMBERS} members; refused")]
        total = 0
        for info in sorted(infos, key=lambda i: i.filename):
            label = f"{filename}:{info.filename}"
            problem = _member_problem(info)
            if problem is None and (info.is_dir() or _hidden(info.filename) or not is_document_name(info.filename)):
                continue
            if problem is not None:
                failures.append(SourceFailure(label, problem))
                continue
            try:
                text = limits.decode_text(_read_member(archive, info))
            except (DocumentError, zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:
                failures.append(SourceFailure(label, str(exc) or "unreadable member"))
                continue
            total += len(text)
            if total > MAX_ARCHIVE_BYTES:
                limit = MAX_ARCHIVE_BYTES // 2**20
                return [], [SourceFailure(filename, f"larger than {limit} MB uncompressed; refused")]
            texts.append((label, text))
    return texts, failures


def load_archive(data: bytes, *, filename: str = "archive.zip") -> Loaded:
    """Every document of a zip archive (``archive_texts``, each parsed)."""
    texts, failures = archive_texts(data, filename=filename)
    loaded = Loaded([], failures)
    for label, text in texts:
        loaded.extend(load_text(text, filename=label))
    return loaded


def _hidden(name: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(name).parts)


def load_path(path: Path, *, recursive: bool = False) -> Loaded:
    """A file (a document or a zip archive) or a directory (its *.yaml, *.yml and *.json, sorted;
    ``recursive`` also those of subdirectories, hidden ones skipped)."""
    if path.is_dir():
        loaded = Loaded([], [])
        pattern = "**/*" if recursive else "*"
        for child in sorted(path.glob(pattern)):
            relative = child.relative_to(path)
            if child.is_file() and is_document_name(child.name) and not _hidden(relative.as_posix()):
                loaded.extend(load_path(child))
        return loaded
    if not path.is_file():
        return Loaded([], [SourceFailure(str(path), "no such file")])
    limit = MAX_ARCHIVE_BYTES if path.suffix.lower() in ARCHIVE_SUFFIXES else limits.MAX_BYTES
    if path.stat().st_size > limit:
        return Loaded([], [SourceFailure(str(path), limits.too_big_message(limit))])
    data = path.read_bytes()
    if path.suffix.lower() in ARCHIVE_SUFFIXES:
        return load_archive(data, filename=str(path))
    return load_text(data, filename=str(path))


def upload_texts(name: str, data: bytes) -> tuple[list[tuple[str, str]], list[SourceFailure]]:
    """``(label, text)`` of an uploaded document file or of the document members of a zip archive."""
    if name.lower().endswith(ARCHIVE_SUFFIXES) or data[:4] == b"PK\x03\x04":
        return archive_texts(data, filename=name)
    try:
        return [(name, limits.decode_text(data))], []
    except DocumentError as exc:
        return [], [SourceFailure(name, str(exc))]
