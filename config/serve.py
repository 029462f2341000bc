"""Serve Sluice with N daphne processes on one port: ``python -m config.serve --processes 4``.

daphne runs one process with one event loop. To use more cores on one host without a load balancer in
front, this binds N listening sockets to the same address with ``SO_REUSEPORT`` (the kernel spreads new
connections over them by their address hash) and starts one daphne per socket on its descriptor
(``daphne --fd``). It restarts a process that dies (the others keep serving meanwhile) and passes
SIGTERM/SIGINT on to all of them.

Several web processes need state they all share: the Redis channel layer, the Celery executor and no
embedded scheduler (each process would fire the schedules). ``--processes`` above 1 is refused with a
message in the embedded mode. One process is plain ``daphne`` (exec'd, no supervisor).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time

APPLICATION = "config.asgi:application"
RESTART_BACKOFF_SECONDS = (1, 2, 5, 10, 30)


def _shared_state_problem() -> str:
    """Why several processes would not see one another, or '' when they can share this configuration."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    if "InMemoryChannelLayer" in settings.CHANNEL_LAYERS["default"]["BACKEND"]:
        return "the channel layer is in memory (set REDIS_URL): live events would reach one process's sockets only"
    if settings.SLUICE_EXECUTOR == "local":
        return "the executor is local (set a Celery broker): each process would run steps in its own threads"
    if settings.SLUICE_EMBEDDED_SCHEDULER:
        return "the embedded scheduler is on (set SLUICE_EMBEDDED_SCHEDULER=0, run beat): schedules would fire N times"
    return ""


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` sockets listening on one address with SO_REUSEPORT (port 0: the first one picks it)."""
    sockets: list[socket.socket] = []
    for _ in range(count):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        port = sock.getsockname()[1]
        sock.listen(1024)
        sock.set_inheritable(True)
        sockets.append(sock)
    return sockets


def daphne_command(sock: socket.socket, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "daphne", "--fd", str(sock.fileno()), *extra, APPLICATION]


class Supervisor:
    """One daphne per socket; a process that exits is started again, with a growing pause if it keeps dying."""

    def __init__(self, sockets: list[socket.socket], extra: list[str]) -> None:
        self.sockets = sockets
        self.extra = extra
        self.procs: list[subprocess.Popen | None] = [None] * len(sockets)
        self.restarts = [0] * len(sockets)
        self.stopping = False

    def start(self, index: int) -> None:
        sock = self.sockets[index]
        self.procs[index] = subprocess.Popen(  # noqa: S603 - our interpreter, our arguments
            daphne_command(sock, self.extra), pass_fds=(sock.fileno(),)
        )

    def stop(self, signum: int, _frame=None) -> None:
        self.stopping = True
        for proc in self.procs:
            if proc is not None and proc.poll() is None:
                proc.send_signal(signum)

    def run(self) -> int:
        for index in range(len(self.sockets)):
            self.start(index)
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        pids = ", ".join(str(p.pid) for p in self.procs if p)
        host, port = self.sockets[0].getsockname()[:2]
        print(f"sluice: {len(self.sockets)} daphne processes on http://{host}:{port}/ (pids {pids})", flush=True)
        while not self.stopping:
            time.sleep(0.5)
            for index, proc in enumerate(self.procs):
                if self.stopping or proc is None or proc.poll() is None:
                    continue
                pause = RESTART_BACKOFF_SECONDS[min(self.restarts[index], len(RESTART_BACKOFF_SECONDS) - 1)]
                print(f"sluice: daphne {proc.pid} exited ({proc.returncode}); starting another in {pause}s", flush=True)
                self.restarts[index] += 1
                time.sleep(pause)
                if not self.stopping:
                    self.start(index)
        for proc in self.procs:
            if proc is not None:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m config.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("-b", "--bind", default=os.environ.get("HOST", "127.0.0.1"), help="address to listen on")
    parser.add_argument("-p", "--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--processes",
        type=int,
        default=int(os.environ.get("SLUICE_WEB_PROCESSES", "1")),
        help="daphne processes sharing the port (SLUICE_WEB_PROCESSES; default 1)",
    )
    args, extra = parser.parse_known_args(argv)
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    if args.processes == 1:
        command = [sys.executable, "-m", "daphne", "-b", args.bind, "-p", str(args.port), *extra, APPLICATION]
        os.execv(sys.executable, command)  # noqa: S606 - our own interpreter, our own arguments
    problem = _shared_state_problem()
    if problem:
        parser.error(f"--processes {args.processes} needs state the processes share, but {problem}.")
    return Supervisor(listening_sockets(args.bind, args.port, args.processes), extra).run()


if __name__ == "__main__":
    sys.exit(main())
