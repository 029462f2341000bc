"""Committing one file on top of a branch and pushing it (git sync's push back), with dulwich: never forced,
refused when the branch moved on the remote meanwhile. Remotes, credentials and the cache as in ``git.py``."""

from __future__ import annotations

import stat
import time
from dataclasses import dataclass
from pathlib import PurePosixPath

from gitsync.git import Credentials, GitError, Remote, cache_repo, failure_message, fetch_branch, open_client


def _with_file(repo, base_tree: bytes | None, path: str, data: bytes) -> bytes:
    """A new tree: ``base_tree`` with ``path`` set to ``data`` (missing directories made)."""
    from dulwich.objects import Blob, Tree

    blob = Blob.from_string(data)
    repo.object_store.add_object(blob)
    parts = PurePosixPath(path).parts

    def put(tree_id: bytes | None, depth: int) -> bytes:
        tree = repo[tree_id] if tree_id else Tree()
        name = parts[depth].encode()
        if depth == len(parts) - 1:
            tree.add(name, 0o100644, blob.id)
        else:
            current = tree[name][1] if name in tree else None
            tree.add(name, stat.S_IFDIR, put(current, depth + 1))
        repo.object_store.add_object(tree)
        return tree.id

    return put(base_tree, 0)


@dataclass(frozen=True)
class Pushed:
    commit: str
    blob: str
    unchanged: bool = False


def commit_and_push(
    *,
    repository_id: int,
    remote: Remote,
    credentials: Credentials,
    branch: str,
    base_branch: str,
    path: str,
    data: bytes,
    author: str,
    message: str,
) -> Pushed:
    """Commit ``data`` at ``path`` on top of ``branch`` (or of ``base_branch`` when ``branch`` does not exist
    yet) and push it; the remote refuses it when the branch moved meanwhile (no force)."""
    from dulwich.objects import Blob, Commit

    head = fetch_branch(repository_id=repository_id, remote=remote, credentials=credentials, branch=branch)
    parent = head or fetch_branch(
        repository_id=repository_id, remote=remote, credentials=credentials, branch=base_branch
    )
    if parent is None:
        raise GitError(f"Neither {branch!r} nor {base_branch!r} exists on the remote.")
    blob_id = Blob.from_string(data).id.decode()
    repo = cache_repo(repository_id)
    try:
        parent_commit = repo[parent.encode()]
        try:
            from dulwich.object_store import tree_lookup_path

            _mode, existing = tree_lookup_path(repo.__getitem__, parent_commit.tree, path.encode())
            if existing.decode() == blob_id and head is not None:
                return Pushed(commit=parent, blob=blob_id, unchanged=True)
        except KeyError:
            pass
        commit = Commit()
        commit.tree = _with_file(repo, parent_commit.tree, path, data)
        commit.parents = [parent.encode()]
        commit.author = commit.committer = author.encode()
        commit.author_time = commit.commit_time = int(time.time())
        commit.author_timezone = commit.commit_timezone = 0
        commit.encoding = b"UTF-8"
        commit.message = message.encode() + b"\n"
        repo.object_store.add_object(commit)
        ref = f"refs/heads/{branch}".encode()

        def update_refs(refs):
            current = refs.get(ref)
            if head is not None and current != head.encode():
                raise GitError(f"{branch!r} moved on the remote meanwhile; sync and try again.")
            return {ref: commit.id}

        def pack(have, want, **kwargs):
            return repo.generate_pack_data(have, want, **kwargs)

        try:
            with open_client(remote, credentials) as (client, remote_path):
                result = client.send_pack(remote_path, update_refs, pack)
        except GitError:
            raise
        except Exception as exc:
            raise GitError(failure_message(f"Pushing to {branch!r}", exc, credentials)) from None
        errors = {k: v for k, v in (getattr(result, "ref_status", None) or {}).items() if v}
        if errors:
            raise GitError(f"The remote refused the push: {errors}")
        return Pushed(commit=commit.id.decode(), blob=blob_id)
    finally:
        repo.close()
