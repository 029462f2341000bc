"""HTTPS remotes against a real smart-HTTP git server (dulwich's WSGI server behind TLS with a certificate
made by the test): the token of a git connection is sent, a wrong token is refused, pushes go through,
and the server's address is still checked by netguard (loopback needs ALLOW_PRIVATE_NETWORK_SOURCES)."""

from __future__ import annotations

import base64
import ssl
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from dulwich.repo import Repo
from dulwich.server import DictBackend
from dulwich.web import make_wsgi_chain

from gitsync.models import GitDocument
from gitsync.services import repository_create
from pipelines.models import Pipeline
from pipelines.services import connection_create
from tests.gitsync.conftest import document
from tests.gitsync.test_sync import edit_in_sluice, sync
from tests.tls import self_signed

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = "ghp_test_token_123"
REBIND = "git.rebind.test"  # a name only the test's resolver answers
PUBLIC = "93.184.215.14"


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def https_remote(remote, tmp_path, monkeypatch, settings):
    cert_file, key_file = self_signed(tmp_path, "127.0.0.1", names=(REBIND,), addresses=("127.0.0.1",))
    repo = Repo(str(remote.bare))
    git_app = make_wsgi_chain(DictBackend({"/org/pipelines.git": repo}))
    expected = "Basic " + base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode()
    seen: list[str] = []
    hosts: list[str] = []

    def app(environ, start_response):
        seen.append(environ.get("HTTP_AUTHORIZATION", ""))
        hosts.append(environ.get("HTTP_HOST", ""))
        if environ.get("HTTP_AUTHORIZATION") != expected:
            start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="git"')])
            return [b"no"]
        return git_app(environ, start_response)

    server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # trust the test's certificate (OpenSSL's default paths)
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = True  # the server is on loopback
    remote.https_url = f"https://127.0.0.1:{server.server_port}/org/pipelines.git"
    remote.auth_seen = seen
    remote.hosts_seen = hosts
    remote.port = server.server_port
    yield remote
    server.shutdown()
    repo.close()


def test_fetch_and_push_over_https_with_a_token(editor, https_remote):
    https_remote.commit("start", files={"pipelines/a.yaml": document("a")})
    token = connection_create(user=editor, name="token", kind="git", secrets={"token": TOKEN})
    repository = repository_create(
        user=editor, name="https", url=https_remote.https_url, folder="pipelines", credentials=token.pk, push_back=True
    )
    done = sync(repository)
    assert done.status == "succeeded", done.error
    assert Pipeline.objects.get(slug="a").current_version.source_commit == https_remote.head()
    before = https_remote.head()
    from gitsync import dispatch

    edit_in_sluice(Pipeline.objects.get(slug="a"), editor, factor=3)
    dispatch.run_pending()
    link = GitDocument.objects.get(repository=repository)
    assert link.push_error == "" and link.pushed_version == 2
    assert https_remote.head() != before
    assert all(header.startswith("Basic ") for header in https_remote.auth_seen)


def test_a_wrong_token_fails_the_sync_without_showing_it(editor, https_remote):
    https_remote.commit("start", files={"pipelines/a.yaml": document("a")})
    wrong = connection_create(user=editor, name="wrong", kind="git", secrets={"token": "not-the-token"})
    repository = repository_create(
        user=editor, name="https", url=https_remote.https_url, folder="pipelines", credentials=wrong.pk
    )
    done = sync(repository)
    assert done.status == "failed" and "not-the-token" not in done.error
    assert not Pipeline.objects.filter(slug="a").exists()


def test_loopback_is_refused_at_sync_time_when_private_networks_are_off(editor, https_remote, settings):
    https_remote.commit("start", files={"pipelines/a.yaml": document("a")})
    repository = repository_create(user=editor, name="https", url=https_remote.https_url, folder="pipelines")
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = False
    done = sync(repository)
    assert done.status == "failed" and "loopback" in done.error
    assert https_remote.auth_seen == []  # never contacted


class Resolver:
    """``socket.getaddrinfo`` for REBIND: the addresses in ``answers``, one per lookup (the last one repeats);
    every other name resolves as usual. ``lookups`` counts REBIND's."""

    def __init__(self, monkeypatch, answers: list[str]):
        import socket

        self.answers, self.lookups, real = list(answers), 0, socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):
            if host != REBIND:
                return real(host, port, *args, **kwargs)
            address = self.answers[min(self.lookups, len(self.answers) - 1)]
            self.lookups += 1
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 443)))]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_dns_rebinding_between_the_check_and_the_connection_never_reaches_loopback(
    editor, https_remote, settings, monkeypatch
):
    """The name answers a public address to the check and 127.0.0.1 right after: the connection goes to the
    address that was checked, resolving again only through netguard, so the loopback server is never reached."""
    https_remote.commit("start", files={"pipelines/a.yaml": document("a")})
    settings.ALLOW_PRIVATE_NETWORK_SOURCES = False
    resolver = Resolver(monkeypatch, [PUBLIC])
    url = f"https://{REBIND}:{https_remote.port}/org/pipelines.git"
    token = connection_create(user=editor, name="token", kind="git", secrets={"token": TOKEN})
    repository = repository_create(user=editor, name="rebind", url=url, folder="pipelines", credentials=token.pk)
    resolver.answers, resolver.lookups = [PUBLIC, "127.0.0.1"], 0  # public to the first lookup, loopback after
    done = sync(repository)
    assert resolver.lookups >= 2  # the check, then the connection's own (checked) lookup
    assert done.status == "failed" and "loopback" in done.error, done.error
    assert https_remote.auth_seen == [] and https_remote.hosts_seen == []  # never contacted
    assert not Pipeline.objects.filter(slug="a").exists()


def test_the_pinned_connection_keeps_the_host_name_for_tls_and_the_host_header(
    editor, https_remote, settings, monkeypatch
):
    """With private addresses allowed, the name resolves to 127.0.0.1: the socket goes there while the Host
    header and the certificate check (SNI) stay on the name, whose certificate the server has."""
    https_remote.commit("start", files={"pipelines/a.yaml": document("a")})
    resolver = Resolver(monkeypatch, ["127.0.0.1"])
    url = f"https://{REBIND}:{https_remote.port}/org/pipelines.git"
    token = connection_create(user=editor, name="token", kind="git", secrets={"token": TOKEN})
    repository = repository_create(user=editor, name="pinned", url=url, folder="pipelines", credentials=token.pk)
    done = sync(repository)
    assert done.status == "succeeded", done.error
    assert resolver.lookups >= 2
    assert set(https_remote.hosts_seen) == {f"{REBIND}:{https_remote.port}"}
    assert Pipeline.objects.get(slug="a").current_version.source_commit == https_remote.head()


def test_a_certificate_for_another_name_is_refused_on_the_pinned_connection(
    editor, https_remote, settings, monkeypatch
):
    """The certificate is checked against the name, not the pinned address: a name the certificate does not
    carry fails even though the address (127.0.0.1) is in it."""
    https_remote.commit("start", files={"pipelines/a.yaml": document("a")})
    import socket

    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "other.rebind.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", int(port or 443)))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    url = f"https://other.rebind.test:{https_remote.port}/org/pipelines.git"
    token = connection_create(user=editor, name="token", kind="git", secrets={"token": TOKEN})
    repository = repository_create(user=editor, name="other", url=url, folder="pipelines", credentials=token.pk)
    done = sync(repository)
    assert done.status == "failed" and "certificate" in done.error.lower(), done.error
    assert https_remote.auth_seen == []
