"""Real git repositories for git sync's tests: a bare repository (the remote) made with dulwich and a working
clone that commits documents as named authors and pushes them. No mock of git anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from dulwich import porcelain
from dulwich.repo import Repo

from gitsync import dispatch
from tests.pipelines.test_graph_validation import test_types  # noqa: F401  (registers test.* node types)

ADA = "Ada Lovelace <ada@example.com>"
GRACE = "Grace Hopper <grace@example.com>"


def document(slug: str, *, factor: int = 2, name: str | None = None) -> dict:
    return {
        "apiVersion": "sluice.dev/v1",
        "kind": "Pipeline",
        "metadata": {"name": name or slug.replace("-", " ").title(), "slug": slug},
        "spec": {
            "graph": {
                "nodes": [
                    {"key": "src", "type": "test.rows", "config": {"columns": {"a": "Int64"}}},
                    {"key": "p", "type": "test.pass", "config": {"factor": factor}},
                    {"key": "dst", "type": "test.sink", "config": {}},
                ],
                "edges": [{"source": "src", "target": "p"}, {"source": "p", "target": "dst"}],
            }
        },
    }


class Remote:
    """A bare repository and a clone of it to commit from."""

    def __init__(self, root: Path, branch: str = "main"):
        self.bare = root / "remote.git"
        self.work = root / "work"
        self.branch = branch
        porcelain.init(str(self.bare), bare=True)
        porcelain.init(str(self.work))
        with Repo(str(self.work)) as repo:
            repo.refs.set_symbolic_ref(b"HEAD", f"refs/heads/{branch}".encode())

    @property
    def url(self) -> str:
        return str(self.bare)

    def write(self, path: str, content: str | bytes | dict) -> None:
        target = self.work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            content = yaml.safe_dump(content, sort_keys=False)
        target.write_bytes(content if isinstance(content, bytes) else content.encode())

    def commit(self, message: str, *, author: str = ADA, files: dict | None = None) -> str:
        for path, content in (files or {}).items():
            self.write(path, content)
        porcelain.add(str(self.work), paths=[str(p) for p in self.work.rglob("*") if ".git" not in p.parts])
        sha = porcelain.commit(str(self.work), message=message, author=author, committer=author)
        porcelain.push(str(self.work), str(self.bare), f"refs/heads/{self.branch}:refs/heads/{self.branch}")
        return sha.decode()

    def head(self, branch: str | None = None) -> str | None:
        with Repo(str(self.bare)) as repo:
            ref = f"refs/heads/{branch or self.branch}".encode()
            return repo.refs[ref].decode() if ref in repo.refs else None

    def read(self, path: str, branch: str | None = None) -> bytes:
        from dulwich.object_store import tree_lookup_path

        with Repo(str(self.bare)) as repo:
            commit = repo[(self.head(branch) or "").encode()]
            _mode, sha = tree_lookup_path(repo.__getitem__, commit.tree, path.encode())
            return repo[sha].as_raw_string()

    def log(self, branch: str | None = None) -> list:
        with Repo(str(self.bare)) as repo:
            head = self.head(branch)
            return [entry.commit for entry in repo.get_walker(include=[head.encode()])] if head else []


@pytest.fixture(autouse=True)
def _git_settings(settings, tmp_path):
    root = tmp_path / "git"
    root.mkdir()
    settings.SLUICE_GIT_LOCAL_ROOTS = [str(root)]
    settings.SLUICE_GIT_CACHE_DIR = str(tmp_path / "git-cache")
    settings.SLUICE_EXECUTOR = "inline"
    dispatch.clear()
    yield root
    dispatch.clear()


@pytest.fixture
def remote(_git_settings) -> Remote:
    return Remote(_git_settings)
