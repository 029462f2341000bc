"""SSH remotes end to end: a real SSH server (asyncssh on 127.0.0.1, tests/gitsync/sshserver.py) runs the system's
git-upload-pack / git-receive-pack on a bare repository the test made; Sluice fetches and pushes over ``ssh://``
with the system ``ssh``, the deploy key stored as a git connection's secret and the host key checked against the
repository's known hosts. An unknown host key and a wrong deploy key fail the sync with a readable error on the
repository (page and API), never showing the key."""

from __future__ import annotations

import asyncssh
import pytest
import yaml

from gitsync import dispatch
from gitsync.models import GitDocument
from gitsync.services import repository_create
from pipelines.models import Pipeline
from pipelines.services import connection_create
from tests.gitsync.conftest import GRACE, document
from tests.gitsync.sshserver import GitSSHServer
from tests.gitsync.test_pages import browser
from tests.gitsync.test_sync import edit_in_sluice, sync

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "/org/pipelines.git"


@pytest.fixture
def ssh_server(remote, settings):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = True  # the server is on loopback
    with GitSSHServer(repositories={NAME: remote.bare}) as server:
        yield server


def _repository(editor, server, *, key: str, known_hosts: str, **fields):
    deploy_key = connection_create(user=editor, name="deploy key", kind="git", secrets={"private_key": key})
    return repository_create(
        user=editor,
        name="over ssh",
        url=server.url(NAME),
        folder="pipelines",
        credentials=deploy_key.pk,
        known_hosts=known_hosts,
        **fields,
    )


def test_fetch_and_push_back_over_ssh_with_a_deploy_key(editor, remote, ssh_server):
    commit = remote.commit("start", author=GRACE, files={"pipelines/a.yaml": document("a")})
    repository = _repository(
        editor, ssh_server, key=ssh_server.client_key, known_hosts=ssh_server.known_hosts, push_back=True
    )
    done = sync(repository)
    assert done.status == "succeeded", done.error
    version = Pipeline.objects.get(slug="a").current_version
    assert version.source_commit == commit and "Grace Hopper" in version.source_author
    assert any(c.startswith("git-upload-pack") for c in ssh_server.commands)
    assert ssh_server.logins and all(ok for _user, ok in ssh_server.logins)

    edit_in_sluice(Pipeline.objects.get(slug="a"), editor, factor=5)  # pushed back over SSH by a worker
    dispatch.run_pending()
    link = GitDocument.objects.get(repository=repository)
    assert link.push_error == "" and link.pushed_version == 2
    assert any(c.startswith("git-receive-pack") for c in ssh_server.commands)
    assert yaml.safe_load(remote.read("pipelines/a.yaml"))["spec"]["graph"]["nodes"][1]["config"] == {"factor": 5}
    assert remote.head() != commit
    assert sync(repository).unchanged == 1  # what was pushed reads back as unchanged


def test_an_unknown_host_key_is_refused(editor, client_for, remote, ssh_server):
    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    stranger = asyncssh.generate_private_key("ssh-ed25519").export_public_key("openssh").decode().strip()
    repository = _repository(
        editor, ssh_server, key=ssh_server.client_key, known_hosts=f"[127.0.0.1]:{ssh_server.port} {stranger}"
    )
    done = sync(repository)
    assert done.status == "failed"
    assert "host key" in done.error.lower() and "known hosts" in done.error.lower(), done.error
    assert ssh_server.commands == [] and ssh_server.logins == []  # the client stopped before signing in
    assert not Pipeline.objects.filter(slug="a").exists()
    api = client_for(editor).get(f"/api/git/repositories/{repository.pk}/")
    assert api.status_code == 200 and api.json()["last_status"] == "failed"
    assert "host key" in api.json()["last_error"].lower()
    page = browser(editor).get(f"/git/{repository.pk}/")
    assert page.status_code == 200 and "host key" in page.content.decode().lower()


def test_a_wrong_deploy_key_is_refused_with_a_readable_error(editor, client_for, remote, ssh_server):
    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    wrong = asyncssh.generate_private_key("ssh-ed25519").export_private_key("openssh").decode()
    repository = _repository(editor, ssh_server, key=wrong, known_hosts=ssh_server.known_hosts)
    done = sync(repository)
    assert done.status == "failed"
    assert "deploy key" in done.error.lower() and "refused" in done.error.lower(), done.error
    assert "PRIVATE KEY" not in done.error and wrong.splitlines()[1] not in done.error
    assert ssh_server.logins and not any(ok for _user, ok in ssh_server.logins)
    assert ssh_server.commands == []
    api = client_for(editor).get(f"/api/git/repositories/{repository.pk}/")
    assert "deploy key" in api.json()["last_error"].lower()
    page = browser(editor).get(f"/git/{repository.pk}/")
    assert "deploy key" in page.content.decode().lower()


def test_only_git_commands_on_known_repositories_run(editor, remote, ssh_server):
    """The SSH server of the test is a git host, not a shell: a path it does not serve fails the sync."""
    remote.commit("start", files={"pipelines/a.yaml": document("a")})
    deploy_key = connection_create(user=editor, name="k", kind="git", secrets={"private_key": ssh_server.client_key})
    repository = repository_create(
        user=editor,
        name="elsewhere",
        url=ssh_server.url("/org/missing.git"),
        folder="pipelines",
        credentials=deploy_key.pk,
        known_hosts=ssh_server.known_hosts,
    )
    done = sync(repository)
    assert done.status == "failed" and done.error
