"""Hostile settings of a repository: refused when saved, whatever the role."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gitsync import git
from gitsync.services import repository_create, repository_update
from pipelines.services import connection_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url,message",
    [
        ("file:///etc", "not allowed"),
        ("ext::sh -c touch% /tmp/pwned", "Transport helpers"),
        ("ext::ssh", "Transport helpers"),
        ("fd::17", "Transport helpers"),
        ("git://example.com/repo.git", "not allowed"),
        ("http://example.com/repo.git", "not allowed"),
        ("https://127.0.0.1/repo.git", "loopback"),
        ("https://10.1.2.3/repo.git", "private"),
        ("https://169.254.169.254/latest", "metadata"),
        ("https://localhost/repo.git", "loopback"),
        ("https://[::1]/repo.git", "loopback"),
        ("https://2130706433/repo.git", "loopback"),
        ("ssh://git@192.168.1.4/repo.git", "private"),
        ("git@10.0.0.7:org/repo.git", "private"),
        ("https://user:pass@example.com/repo.git", "Credentials"),
        ("-oProxyCommand=touch /tmp/x", "Give a repository URL"),
        ("ssh://-oProxyCommand=x/repo", "host"),
        ("/etc", "outside the directories"),
        ("", "Give a repository URL"),
    ],
)
def test_remote_urls_refused(editor, url, message):
    with pytest.raises(ValidationError) as info:
        repository_create(user=editor, name="x", url=url)
    assert message in " ".join(info.value.message_dict["url"])


def test_local_path_escaping_the_root_through_dotdot_or_a_link(editor, _git_settings, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (_git_settings / "link").symlink_to(outside)
    for url in (str(_git_settings / ".." / "outside"), str(_git_settings / "link")):
        with pytest.raises(ValidationError, match="outside the directories"):
            repository_create(user=editor, name="x", url=url)


def test_local_paths_are_refused_when_no_root_is_allowed(editor, settings, _git_settings):
    settings.SLUICE_GIT_LOCAL_ROOTS = []
    with pytest.raises(ValidationError, match="not allowed on this server"):
        repository_create(user=editor, name="x", url=str(_git_settings))


@pytest.mark.parametrize("folder", ["../x", "a/../../b", "/abs", ".git", "a/.hidden", "a\\..\\b"])
def test_folders_refused(editor, remote, folder):
    with pytest.raises(ValidationError) as info:
        repository_create(user=editor, name="x", url=remote.url, folder=folder)
    assert "folder" in info.value.message_dict


@pytest.mark.parametrize("branch", ["-delete", "a..b", "a b", "refs/../x", "x.lock", ""])
def test_branches_refused(editor, remote, branch):
    with pytest.raises(ValidationError) as info:
        repository_create(user=editor, name="x", url=remote.url, branch=branch)
    assert "branch" in info.value.message_dict


def test_private_hosts_pass_when_the_server_allows_them(editor, settings):
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = True
    repository = repository_create(user=editor, name="x", url="https://10.1.2.3/repo.git")
    assert repository.url == "https://10.1.2.3/repo.git"
    with pytest.raises(ValidationError, match="metadata"):
        repository_update(repository=repository, user=editor, url="https://169.254.169.254/x")


def test_credentials_must_be_a_git_connection_the_user_may_use(editor, remote):
    from tests import factories

    database = factories.ConnectionFactory(owner=editor)
    with pytest.raises(ValidationError, match="git connection"):
        repository_create(user=editor, name="x", url=remote.url, credentials=database.pk)
    stranger = factories.UserFactory(role="editor")
    theirs = connection_create(user=stranger, name="their key", kind="git", secrets={"private_key": "k"})
    with pytest.raises(ValidationError, match="No such connection"):
        repository_create(user=editor, name="x", url=remote.url, credentials=theirs.pk)
    mine = connection_create(user=editor, name="my key", kind="git", secrets={"token": "t"})
    assert repository_create(user=editor, name="x", url=remote.url, credentials=mine.pk).credentials == mine


def test_git_connections_keep_their_secrets_write_only(editor):
    with pytest.raises(ValidationError):
        connection_create(user=editor, name="bad", kind="git", secrets={"password": "p"})
    with pytest.raises(ValidationError):
        connection_create(user=editor, name="bad", kind="git", config={"username": "a b"})


def test_viewers_may_not_add_repositories(viewer, remote):
    with pytest.raises(PermissionDenied):
        repository_create(user=viewer, name="x", url=remote.url)


def test_ssh_without_known_hosts_is_refused_before_connecting():
    remote = git.remote_check("ssh://git@example.com/org/repo.git", allow_private=False, strict_dns=False)
    with pytest.raises(git.GitError, match="known hosts"), git.open_client(remote, git.Credentials(private_key="key")):
        pass


def test_the_ssh_key_file_is_private_and_host_keys_are_checked_strictly(monkeypatch):
    """ssh connects to the address netguard checked (it never resolves the name itself: no DNS rebinding) and
    looks the host key up under the name (HostKeyAlias), strictly, with no user configuration."""
    import socket

    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):  # example.com, answered without the network
        if host == "example.com":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", int(port or 443)))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    remote = git.remote_check("git@example.com:org/repo.git", allow_private=False, strict_dns=False)
    creds = git.Credentials(private_key="-----KEY-----", known_hosts="example.com ssh-ed25519 AAAA")
    with git.open_client(remote, creds) as (client, path):
        import os
        import stat

        assert path == "org/repo.git"
        mode = stat.S_IMODE(os.stat(client.key_filename).st_mode)
        assert mode == 0o600
        assert "StrictHostKeyChecking=yes" in client.ssh_command and "-F /dev/null" in client.ssh_command
        assert "HostKeyAlias=example.com" in client.ssh_command and client.host == "93.184.215.14"
        key_file = client.key_filename
    assert not os.path.exists(key_file)
    on_port = git.remote_check("ssh://git@example.com:2222/org/repo.git", allow_private=False, strict_dns=False)
    with git.open_client(on_port, creds) as (client, _path):
        assert "HostKeyAlias=[example.com]:2222" in client.ssh_command and client.port == 2222


def test_ssh_to_a_name_that_now_resolves_to_loopback_is_refused(monkeypatch):
    """The name was public when the repository was saved; at connection time it answers 127.0.0.1."""
    import socket

    real = socket.getaddrinfo
    answers = iter(["93.184.215.14"])

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "git.rebind.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "127.0.0.1"), int(port or 22)))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    remote = git.remote_check("ssh://git@git.rebind.test/org/repo.git", allow_private=False)
    creds = git.Credentials(private_key="-----KEY-----", known_hosts="git.rebind.test ssh-ed25519 AAAA")
    with pytest.raises(git.GitError, match="loopback"), git.open_client(remote, creds):
        pass


def test_the_cache_may_not_be_inside_the_data_root(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SLUICE_GIT_CACHE_DIR = str(settings.DATA_ROOT / "git")
    with pytest.raises(ImproperlyConfigured):
        git.cache_root()
