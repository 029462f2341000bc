"""The HTTPS transport of git sync: a urllib3 pool manager whose connections go to the address netguard checked.

dulwich's ``HttpGitClient`` sends its requests through the urllib3 ``pool_manager`` it is given. urllib3 would
resolve the host again when it connects — after ``remote_check`` looked at the addresses — so a name that
answered a public address to the check and a loopback or metadata address a moment later (DNS rebinding) would
reach the inside. Here each new connection resolves the host once through ``pipelines.netguard.resolve_checked``
(every address checked, with the same ``allow_private`` rule) and connects the socket to one of those checked
addresses; the Host header, TLS SNI and the certificate check stay on the host name (urllib3 uses the
connection's ``host`` for them, only the socket goes to the pinned address). Environment proxies are not used.
"""

from __future__ import annotations

import socket
from typing import Any

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as urllib3_connection

from pipelines import netguard


class _Pinned:
    """The ``_new_conn`` of a connection that only connects to addresses netguard checked."""

    allow_private = False
    host: str
    port: int
    timeout: Any
    source_address: Any
    socket_options: Any
    default_port: int

    def _new_conn(self) -> socket.socket:
        host = self.host.strip("[]")
        shown = f"[{host}]" if ":" in host else host
        try:
            _url, addresses = netguard.resolve_checked(
                f"https://{shown}:{self.port or self.default_port}/", allow_private=self.allow_private
            )
        except netguard.BlockedURLError as exc:
            raise NewConnectionError(self, f"Refused: {exc}") from None  # type: ignore[arg-type]
        error: OSError | None = None
        for address in addresses[: netguard.MAX_ADDRESSES_TRIED]:
            try:
                return urllib3_connection.create_connection(
                    (str(address), self.port or self.default_port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                error = exc
            except OSError as exc:
                error = exc
        if isinstance(error, TimeoutError):
            raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.")
        raise NewConnectionError(self, f"Failed to establish a new connection: {error}")  # type: ignore[arg-type]


def pinned_pool_manager(*, allow_private: bool, **kwargs: Any) -> urllib3.PoolManager:
    """A PoolManager (``kwargs``: retries, timeout…) whose HTTP and HTTPS connections go to checked addresses."""

    class PinnedHTTP(_Pinned, HTTPConnection):
        pass

    class PinnedHTTPS(_Pinned, HTTPSConnection):
        pass

    PinnedHTTP.allow_private = PinnedHTTPS.allow_private = allow_private

    class HTTPPool(HTTPConnectionPool):
        ConnectionCls = PinnedHTTP

    class HTTPSPool(HTTPSConnectionPool):
        ConnectionCls = PinnedHTTPS

    manager = urllib3.PoolManager(**kwargs)
    manager.pool_classes_by_scheme = {"http": HTTPPool, "https": HTTPSPool}
    return manager
