"""The git side of git sync, on dulwich: which remotes are allowed, fetching a branch into the repository's
cache and reading the documents of a folder at a commit (committing and pushing one file: ``gitpush.py``).

Remotes (``remote_check``):

- ``https://host/path``: the host goes through ``pipelines.netguard`` (no loopback, private or metadata
  address unless the server allows private network sources); no credentials in the URL (they come from a
  git connection's token); redirects are not followed.
- ``ssh://[user@]host[:port]/path`` and the scp-like ``user@host:path``: the same host check; the deploy
  key of a git connection is written to a temporary 0600 file for the system ``ssh``, which runs with
  ``StrictHostKeyChecking=yes`` against the repository's known-hosts text (no key: refused) and no user
  configuration (``-F /dev/null``).
- a local path: only inside one of ``SLUICE_GIT_LOCAL_ROOTS`` (none in production, the data root in the
  embedded mode), after resolving symbolic links.

Everything else is refused: ``file://``, ``git://``, ``http://``, ``ext::`` and other transport helpers, and
anything starting with ``-``.

The cache of a repository is a bare repository under ``SLUICE_GIT_CACHE_DIR`` (``var/git/<id>``), never
inside the data root: what a remote holds is not for nodes to read.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from pipelines import netguard

MAX_DOCUMENT_BYTES = 1024 * 1024  # a pipeline document larger than this is refused, unread
MAX_DOCUMENTS = 500
DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")
SCP_RE = re.compile(r"^(?:(?P<user>[A-Za-z0-9._-]+)@)?(?P<host>[A-Za-z0-9.-]+):(?P<path>[^/].*|/.+)$")
BRANCH_RE = re.compile(r"^(?!/|.*//|.*\.\.|.*@\{|.*\.lock$|.*/$|-)[A-Za-z0-9._/-]{1,200}$")


class GitError(Exception):
    """A readable reason why a remote cannot be used or a git operation failed (no secret in it)."""


@dataclass(frozen=True)
class Remote:
    kind: str  # "https" | "ssh" | "local"
    url: str
    host: str = ""
    port: int | None = None
    user: str = ""
    path: str = ""
    allow_private: bool = False  # netguard's rule for this remote, applied again when connecting


@dataclass(frozen=True)
class Credentials:
    username: str = ""
    token: str = ""
    private_key: str = ""
    known_hosts: str = ""


@dataclass(frozen=True)
class FileAt:
    path: str  # relative to the repository's root
    blob: str  # the git blob id: a document is unchanged while its blob is
    data: bytes | None  # None when the file is over MAX_DOCUMENT_BYTES
    size: int


def local_roots() -> list[Path]:
    roots = getattr(settings, "SLUICE_GIT_LOCAL_ROOTS", None)
    return [Path(r).resolve() for r in (roots or [])]


def cache_root() -> Path:
    root = Path(settings.SLUICE_GIT_CACHE_DIR).resolve()
    data = Path(settings.DATA_ROOT).resolve()
    if root == data or data in root.parents:
        raise ImproperlyConfigured("SLUICE_GIT_CACHE_DIR must not be inside DATA_ROOT (nodes read the data root).")
    return root


def _check_host(host: str, *, allow_private: bool, strict_dns: bool) -> None:
    """netguard's rules for the host; a name that does not resolve passes unless ``strict_dns`` (saving a
    repository offline is fine, syncing it resolves again)."""
    if not host or host.startswith("-"):
        raise GitError("The URL has no usable host.")
    try:
        shown = f"[{host}]" if ":" in host else host  # an IPv6 address
        netguard.resolve_checked(f"https://{shown}/", allow_private=allow_private)
    except netguard.UnresolvableHostError as exc:
        if strict_dns:
            raise GitError(str(exc)) from None
    except netguard.BlockedURLError as exc:
        raise GitError(str(exc)) from None


def _local(url: str) -> Remote:
    roots = local_roots()
    if not roots:
        raise GitError("Local repositories are not allowed on this server (SLUICE_GIT_LOCAL_ROOTS is empty).")
    if "\x00" in url:
        raise GitError("The path contains a NUL byte.")
    try:
        resolved = Path(url).resolve()
    except (OSError, RuntimeError, ValueError):
        raise GitError("The path cannot be read.") from None
    if not any(resolved == root or root in resolved.parents for root in roots):
        raise GitError("The path is outside the directories allowed for local repositories (SLUICE_GIT_LOCAL_ROOTS).")
    return Remote(kind="local", url=url, path=str(resolved))


def remote_check(url: str, *, allow_private: bool, strict_dns: bool = True) -> Remote:
    """The parsed remote ``url`` if Sluice may fetch from it (module docstring), else GitError."""
    url = (url or "").strip()
    if "::" in url.split("/", 1)[0] or url.lower().startswith("ext:"):
        raise GitError("Transport helpers (ext::, fd::, …) are not allowed.")
    if not url or url.startswith("-") or any(c in url for c in "\r\n\t\x00 "):
        raise GitError("Give a repository URL (https://, ssh://, user@host:path) or an allowed local path.")
    if url.startswith("/"):
        return _local(url)
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("https", "ssh"):
        try:
            parts = urlsplit(url)
            parts.hostname  # noqa: B018  (an invalid IPv6 host raises here)
        except ValueError as exc:
            raise GitError(f"Not a valid URL: {exc}") from None
        if scheme == "https" and (parts.username or parts.password):
            raise GitError("Credentials in the URL are not allowed; use a git connection's token.")
        if parts.password:
            raise GitError("Passwords in the URL are not allowed; use a git connection's deploy key.")
        if not parts.path or parts.path == "/":
            raise GitError("The URL names no repository.")
        try:
            port = parts.port
        except ValueError:
            raise GitError("The URL's port is not a number.") from None
        host = parts.hostname or ""
        _check_host(host, allow_private=allow_private, strict_dns=strict_dns)
        user, path = parts.username or "", parts.path
        return Remote(kind=scheme, url=url, host=host, port=port, user=user, path=path, allow_private=allow_private)
    if scheme:
        raise GitError(f"{scheme}:// remotes are not allowed; use https://, ssh:// or user@host:path.")
    match = SCP_RE.match(url)
    if match is None:
        raise GitError("Give a repository URL (https://, ssh://, user@host:path) or an allowed local path.")
    _check_host(match["host"], allow_private=allow_private, strict_dns=strict_dns)
    user = match["user"] or ""
    return Remote(kind="ssh", url=url, host=match["host"], user=user, path=match["path"], allow_private=allow_private)


def folder_check(folder: str) -> str:
    """A folder relative to the repository's root ('' is the root); GitError for ``..``, absolute, hidden."""
    folder = (folder or "").strip().rstrip("/")
    if not folder:
        return ""
    if "\x00" in folder or "\\" in folder:
        raise GitError("The folder contains a character that is not allowed.")
    pure = PurePosixPath(folder)
    if pure.is_absolute() or any(part in ("..", ".") or part.startswith(".") for part in pure.parts):
        raise GitError("The folder must be relative to the repository's root, without '..' or hidden names.")
    return str(pure)


def branch_check(branch: str) -> str:
    branch = (branch or "").strip()
    if not BRANCH_RE.match(branch):
        raise GitError(f"{branch!r} is not a branch name.")
    return branch


def _ssh_address(remote: Remote) -> tuple[str, str]:
    """The checked address ``ssh`` connects to, and the name its host key is looked up under (``HostKeyAlias``:
    the known-hosts name of the host, ``[host]:port`` off port 22). ssh never resolves the name itself, so a
    name that changes its answer after netguard's check (DNS rebinding) cannot send it elsewhere."""
    host = remote.host.strip("[]")
    shown = f"[{host}]" if ":" in host else host
    try:
        _url, addresses = netguard.resolve_checked(f"https://{shown}/", allow_private=remote.allow_private)
    except netguard.BlockedURLError as exc:
        raise GitError(str(exc)) from None
    alias = f"[{host}]:{remote.port}" if remote.port and remote.port != 22 else host
    return str(addresses[0]), alias


@contextlib.contextmanager
def open_client(remote: Remote, credentials: Credentials) -> Iterator[tuple[object, str]]:
    """A dulwich client for ``remote`` and the path to ask it for; the SSH key file lives as long as it."""
    from dulwich.client import HttpGitClient, LocalGitClient, SSHGitClient, SubprocessSSHVendor

    if remote.kind == "local":
        yield LocalGitClient(), remote.path
        return
    if remote.kind == "https":
        import urllib3

        from gitsync.transport import pinned_pool_manager

        parts = urlsplit(remote.url)
        base = f"{parts.scheme}://{parts.netloc}"
        pool = pinned_pool_manager(  # connects to the addresses netguard checked: no DNS rebinding
            allow_private=remote.allow_private,
            retries=urllib3.Retry(total=2, redirect=False),
            timeout=urllib3.Timeout(connect=10, read=120),
        )
        user = credentials.username or "x-access-token"
        auth = {"username": user, "password": credentials.token} if credentials.token else {}
        yield HttpGitClient(base, pool_manager=pool, **auth), parts.path
        return
    if not credentials.known_hosts.strip():
        raise GitError("An SSH repository needs its host's key in 'known hosts' (ssh-keyscan HOST prints it).")
    with tempfile.TemporaryDirectory(prefix="sluice-git-") as tmp:
        known = Path(tmp) / "known_hosts"
        known.write_text(credentials.known_hosts.strip() + "\n", encoding="utf-8")
        address, alias = _ssh_address(remote)
        command = [
            "ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
            "-o", f"UserKnownHostsFile={known}", "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", f"HostKeyAlias={alias}", "-o", "CheckHostIP=no",
            "-o", "IdentitiesOnly=yes", "-o", "PasswordAuthentication=no",
            "-o", "KbdInteractiveAuthentication=no", "-o", "ConnectTimeout=15",
        ]  # fmt: skip
        key_file = None
        if credentials.private_key:
            key = Path(tmp) / "key"
            fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(credentials.private_key.strip() + "\n")
            key_file = str(key)
        client = SSHGitClient(
            address,
            port=remote.port,
            username=remote.user or "git",
            vendor=SubprocessSSHVendor(),
            key_filename=key_file,
            ssh_command=shlex.join(command),
        )
        yield client, remote.path


def cache_repo(repository_id: int):
    """The bare cache repository of a GitRepository (made on first use)."""
    from dulwich.repo import Repo

    path = cache_root() / str(int(repository_id))
    if (path / "objects").is_dir():
        return Repo(str(path))
    path.mkdir(parents=True, exist_ok=True)
    return Repo.init_bare(str(path))


def scrub(text: str, credentials: Credentials) -> str:
    for secret in (credentials.token, credentials.private_key):
        if secret:
            text = text.replace(secret, "***")
    return text[:1000]


SSH_PROBLEMS = (
    (
        ("host key verification failed", "remote host identification has changed", "host key for"),
        "The SSH server's host key is not the one in this repository's known hosts (unknown or changed); "
        "check the server's key (ssh-keyscan -p PORT HOST) and update 'known hosts'.",
    ),
    (
        ("permission denied (publickey", "too many authentication failures"),
        "The SSH server refused the deploy key (permission denied): add the public key of the git connection's "
        "deploy key to the repository (with write access for push back).",
    ),
    (
        ("connection refused", "connection timed out", "no route to host", "could not resolve hostname"),
        "Could not connect to the SSH server",
    ),
)


def failure_message(what: str, exc: Exception, credentials: Credentials) -> str:
    """A readable reason for a failed fetch or push; ``ssh``'s own words for the usual SSH failures are
    replaced by what to do about them. Never the key or the token."""
    from dulwich.errors import HangupException

    text = str(exc)
    if isinstance(exc, HangupException):
        lowered = text.lower()
        for needles, message in SSH_PROBLEMS:
            if any(needle in lowered for needle in needles):
                detail = next((line for line in text.splitlines() if any(n in line.lower() for n in needles)), "")
                return scrub(f"{what} failed: {message} ({detail.strip(' @')[:200]})", credentials)
        lines = [line.strip() for line in text.splitlines() if line.strip() and not set(line.strip()) <= set("@")]
        text = " ".join(lines[-3:]) or text
    return scrub(f"{what} failed: {type(exc).__name__}: {text}", credentials)


def fetch_branch(*, repository_id: int, remote: Remote, credentials: Credentials, branch: str) -> str | None:
    """Fetch ``branch`` of ``remote`` into the cache; its commit id, or None when the branch does not exist."""
    repo = cache_repo(repository_id)
    ref = f"refs/heads/{branch}".encode()
    found: dict[str, bytes] = {}

    def wants(refs, depth=None):
        sha = refs.get(ref)
        if sha is None:
            return []
        found["sha"] = sha
        return [] if sha in repo.object_store else [sha]

    try:
        with open_client(remote, credentials) as (client, path):
            client.fetch(path, repo, determine_wants=wants)
    except GitError:
        raise
    except Exception as exc:
        raise GitError(failure_message(f"Fetching {branch!r}", exc, credentials)) from None
    finally:
        repo.close()
    sha = found.get("sha")
    return sha.decode() if sha else None


def _tree_at(repo, commit: str, folder: str):
    from dulwich.objects import Tree

    tree = repo[repo[commit.encode()].tree]
    for part in PurePosixPath(folder).parts if folder else ():
        entry = next((e for e in tree.iteritems() if e.path.decode("utf-8", "replace") == part), None)
        if entry is None or not stat.S_ISDIR(entry.mode):
            return None
        tree = repo[entry.sha]
    return tree if isinstance(tree, Tree) else None


def documents_at(*, repository_id: int, commit: str, folder: str, missing_ok: bool = False) -> list[FileAt]:
    """The document files (.yaml/.yml/.json, recursively, no hidden names) of ``folder`` at ``commit``.
    ``missing_ok``: a folder that does not exist holds nothing (git drops a folder with its last file)."""
    repo = cache_repo(repository_id)
    try:
        tree = _tree_at(repo, commit, folder)
        if tree is None and missing_ok:
            return []
        if tree is None:
            raise GitError(f"The folder {folder!r} does not exist at commit {commit[:12]}.")
        files: list[FileAt] = []
        for entry in repo.object_store.iter_tree_contents(tree.id):
            name = entry.path.decode("utf-8", "replace")
            if not stat.S_ISREG(entry.mode) or not name.lower().endswith(DOCUMENT_SUFFIXES):
                continue
            if any(part.startswith(".") for part in PurePosixPath(name).parts):
                continue
            if len(files) >= MAX_DOCUMENTS:
                raise GitError(f"The folder holds more than {MAX_DOCUMENTS} documents.")
            blob = repo.object_store[entry.sha]
            size = blob.raw_length()
            data = blob.as_raw_string() if size <= MAX_DOCUMENT_BYTES else None
            full = f"{folder}/{name}" if folder else name
            files.append(FileAt(path=full, blob=entry.sha.decode(), data=data, size=size))
        return sorted(files, key=lambda f: f.path)
    finally:
        repo.close()


def file_at(*, repository_id: int, commit: str, path: str, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path`` (relative to the root, no ``..``) at ``commit``; GitError when it
    is missing, is a symbolic link or a submodule (never followed) or is larger than ``max_bytes`` (unread)."""
    parts = PurePosixPath(path).parts
    if not parts or ".." in parts or PurePosixPath(path).is_absolute():
        raise GitError(f"{path!r}: not a path inside the repository")
    repo = cache_repo(repository_id)
    try:
        tree = _tree_at(repo, commit, str(PurePosixPath(*parts[:-1])) if len(parts) > 1 else "")
        entry = (
            None
            if tree is None
            else next((e for e in tree.iteritems() if e.path.decode("utf-8", "replace") == parts[-1]), None)
        )
        if entry is None:
            raise GitError(f"{path!r}: no such file at commit {commit[:12]}")
        if stat.S_ISLNK(entry.mode) or not stat.S_ISREG(entry.mode):
            raise GitError(f"{path!r}: a symbolic link or not a file; refused")
        blob = repo.object_store[entry.sha]
        if blob.raw_length() > max_bytes:
            raise GitError(f"{path!r} is larger than {max_bytes // 2**20} MB")
        return blob.as_raw_string()
    finally:
        repo.close()


def last_change(*, repository_id: int, commit: str, path: str) -> tuple[str, str]:
    """``(commit, author)`` of the last commit up to ``commit`` that changed ``path`` (``commit``'s own when
    the history does not say)."""
    repo = cache_repo(repository_id)
    try:
        for entry in repo.get_walker(include=[commit.encode()], paths=[path.encode()], max_entries=1):
            return entry.commit.id.decode(), entry.commit.author.decode("utf-8", "replace")[:300]
        head = repo[commit.encode()]
        return commit, head.author.decode("utf-8", "replace")[:300]
    finally:
        repo.close()
