"""A real SSH git server for the tests: asyncssh on 127.0.0.1 (a thread with its own event loop) that accepts one
deploy key and runs the system's ``git-upload-pack`` / ``git-receive-pack`` on bare repositories the test made.

Only the two git commands, only on the repositories it was given (by their path in the URL); anything else is
refused with exit status 128, as a git host would."""

from __future__ import annotations

import asyncio
import shlex
import threading
from pathlib import Path

import asyncssh

GIT_COMMANDS = ("git-upload-pack", "git-receive-pack")


class GitSSHServer:
    """``with GitSSHServer(repositories={"/org/pipelines.git": bare_path}) as server:`` then ``server.port``,
    ``server.known_hosts`` (the known-hosts line of its host key), ``server.client_key`` (the deploy key,
    OpenSSH private key text) and ``server.commands`` (what clients asked to run)."""

    def __init__(self, *, repositories: dict[str, Path], user: str = "git"):
        self.repositories = {name: Path(path) for name, path in repositories.items()}
        self.user = user
        self.host_key = asyncssh.generate_private_key("ssh-ed25519")
        self.deploy_key = asyncssh.generate_private_key("ssh-ed25519")
        self.commands: list[str] = []
        self.logins: list[tuple[str, bool]] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="test-sshd", daemon=True)
        self._server = None

    @property
    def client_key(self) -> str:
        return self.deploy_key.export_private_key("openssh").decode()

    @property
    def known_hosts(self) -> str:
        return f"[127.0.0.1]:{self.port} {self.host_key.export_public_key('openssh').decode().strip()}"

    def url(self, name: str) -> str:
        return f"ssh://{self.user}@127.0.0.1:{self.port}{name}"

    async def _handle(self, process: asyncssh.SSHServerProcess) -> None:
        command = process.command or ""
        self.commands.append(command)
        try:
            program, path = shlex.split(command)
        except ValueError:
            program, path = "", ""
        target = self.repositories.get(path if path.startswith("/") else f"/{path}")
        if program not in GIT_COMMANDS or target is None:
            process.stderr.write(f"fatal: refusing {command!r}\n".encode())
            process.exit(128)
            return
        env = {"PATH": "/usr/bin:/bin", "HOME": str(target)}
        if process.env.get("GIT_PROTOCOL"):
            env["GIT_PROTOCOL"] = str(process.env["GIT_PROTOCOL"])
        local = await asyncio.create_subprocess_exec(
            program,
            str(target),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        await process.redirect(stdin=local.stdin, stdout=local.stdout, stderr=local.stderr)
        process.exit(await local.wait())
        await process.wait_closed()  # runs asyncssh's clean-up of the redirections

    def _server_factory(self):
        owner = self

        class Server(asyncssh.SSHServer):
            def begin_auth(self, username: str) -> bool:
                return True

            def password_auth_supported(self) -> bool:
                return False

            def public_key_auth_supported(self) -> bool:
                return True

            def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
                ok = username == owner.user and (
                    key.export_public_key("openssh") == owner.deploy_key.export_public_key("openssh")
                )
                owner.logins.append((username, ok))
                return ok

        return Server

    async def _start(self) -> None:
        self._server = await asyncssh.create_server(
            self._server_factory(),
            "127.0.0.1",
            0,
            server_host_keys=[self.host_key],
            process_factory=self._handle,
            encoding=None,
            allow_scp=False,
            agent_forwarding=False,
            x11_forwarding=False,
            line_editor=False,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        self._server.close()
        await self._server.wait_closed()

    def __enter__(self) -> GitSSHServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=30)
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
