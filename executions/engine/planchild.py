"""The plan process: the child that runs a step's big Polars pass (``python -m executions.engine.planchild``).

It imports the standard library and Polars only — never Django nor any module that imports it — so its
memory is Python, Polars and the data of the pass (about 60 MiB before any data, where a worker holding
Django starts at about 200). The worker side is ``executions.engine.planproc``; docs/executions.md
("The plan process") says what runs here and why.

The protocol, over the child's stdin and stdout (a private pipe with its parent; nothing else is written
to the real stdout: fd 1 is pointed at stderr once the protocol's copy is taken):

- a message is a header (4-byte big-endian length, then UTF-8 JSON) and ``header["blobs"]`` binary parts,
  each an 8-byte big-endian length and the bytes;
- once Polars is imported the child says ``{"ready": true, "pid": ..., "rss": ...}``;
- a request ``{"op": "collect", "optimizations": {flag: bool} | null, "independent": k, "blobs": n}``
  carries n plans (``LazyFrame.serialize()``), the last k of them collected in a pass of their own beside
  the others (``collect_pass``); the answer ``{"ok": true, "blobs": n, "rss": ..., "peak_rss": ..., "cpu": ...}``
  carries the n results as Arrow IPC streams (uncompressed), or
  ``{"ok": false, "type": ..., "module": ..., "message": ...}`` says what the pass raised (the worker raises
  the same Polars exception with the same message);
- ``{"op": "modules"}`` answers with the top-level modules loaded (tests check that Django is not);
- end of input: the child exits. It also exits when its parent is gone (it is re-parented).

No pickle: plans and results are Polars' own formats. A plan that calls Python (``map_batches``) does not
serialize without cloudpickle, which is not installed; the worker runs such a plan itself.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import struct
import sys
import threading
import time
from typing import BinaryIO

_HEADER = struct.Struct(">I")
_BLOB = struct.Struct(">Q")
MAX_HEADER = 1 << 20
_CHUNK = 1 << 22


class ProtocolError(EOFError):
    """The other end closed the pipe or sent something that is not a message."""


def _read_exact(stream: BinaryIO, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(min(left, _CHUNK))  # (never one buffer of whatever size a header claims)
        if not chunk:
            raise ProtocolError("the pipe closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_message(stream: BinaryIO) -> tuple[dict, list[bytes]]:
    (size,) = _HEADER.unpack(_read_exact(stream, _HEADER.size))
    if size > MAX_HEADER:
        raise ProtocolError(f"a header of {size} bytes")
    try:
        header = json.loads(_read_exact(stream, size))
        count = int(header.get("blobs", 0)) if isinstance(header, dict) else -1
    except (ValueError, TypeError, AttributeError):
        raise ProtocolError("a header that is not JSON") from None
    if count < 0:
        raise ProtocolError("a header that is not an object")
    blobs = []
    for _ in range(count):
        (length,) = _BLOB.unpack(_read_exact(stream, _BLOB.size))
        blobs.append(_read_exact(stream, length))
    return header, blobs


def write_message(stream: BinaryIO, header: dict, blobs: list[bytes] = ()) -> None:
    encoded = json.dumps({**header, "blobs": len(blobs)}).encode()
    parts = [_HEADER.pack(len(encoded)), encoded]
    for blob in blobs:
        parts += [_BLOB.pack(len(blob)), blob]
    stream.write(b"".join(parts))
    stream.flush()


# --- the child ------------------------------------------------------------------------------------


def rss_of(pid: int | str = "self") -> int:
    """Resident set size of a process in bytes (``/proc/<pid>/statm``); 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _reset_peak() -> bool:
    """Reset this process's peak RSS (VmHWM), so that each pass reports its own (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def _peak() -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _watch_parent(parent: int) -> None:
    """Exit when the parent is gone (killed: no pipe closes while a pass runs in native code)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(3)


def collect_pass(pl, plans: list, flags: dict[str, bool] | None, independent: list = ()) -> list:
    """``pl.collect_all(plans)`` with the optimisations ``flags`` (None: Polars' defaults), and at the same
    time, in a thread, ``pl.collect_all(independent)`` with common-subplan elimination off; returns the
    results of ``plans`` then those of ``independent``. Shared by the plan process and the worker's own
    passes (executions.engine.planproc).

    ``independent``: queries that share nothing with ``plans`` (the engine's counts of filters that read a
    source: ``transform.filter``'s ``build_counted``). Collected with ``plans``, the optimiser would merge
    their scans with other plain reads of the same file into one cache (a Parquet source's own count, which
    its metadata answers, then decodes a column of every row): in a pass of their own, beside it, they read
    only the columns their conditions need, on the cores the main pass leaves idle (its joins wait for
    their build side)."""
    optimizations = pl.QueryOptFlags(**flags) if flags else pl.QueryOptFlags()
    if not independent:
        return pl.collect_all(plans, optimizations=optimizations)
    side: dict[str, object] = {}

    def collect_independent() -> None:
        try:
            apart = pl.QueryOptFlags(**{**(flags or {}), "comm_subplan_elim": False})
            side["results"] = pl.collect_all(independent, optimizations=apart)
        except BaseException as exc:  # raised in the caller's thread below
            side["error"] = exc

    thread = threading.Thread(target=collect_independent, name="independent-pass", daemon=True)
    thread.start()
    try:
        results = pl.collect_all(plans, optimizations=optimizations) if plans else []
    finally:
        thread.join()
    if "error" in side:
        raise side["error"]
    return [*results, *side["results"]]


def _collect(pl, header: dict, blobs: list[bytes]) -> tuple[dict, list[bytes]]:
    flags = header.get("optimizations")
    flags = {k: bool(v) for k, v in flags.items()} if flags else None
    plans = [pl.LazyFrame.deserialize(io.BytesIO(blob)) for blob in blobs]
    del blobs
    split = len(plans) - min(max(int(header.get("independent") or 0), 0), len(plans))
    cpu = _cpu()
    peak_is_the_pass = _reset_peak()
    results = collect_pass(pl, plans[:split], flags, plans[split:])
    del plans
    encoded = []
    for frame in results:
        buffer = io.BytesIO()
        # The stream format, uncompressed: for the pass's many small frames (a count per node) the file
        # format cost ~0.25 ms a frame to write and ~0.5 to read (61 frames: 45 ms a run), this ~0.01.
        frame.write_ipc_stream(buffer, compression="uncompressed")
        encoded.append(buffer.getvalue())
    del results
    answer = {"ok": True, "rss": rss_of(), "peak_rss": _peak(), "peak_is_the_pass": peak_is_the_pass}
    answer["cpu"] = _cpu() - cpu
    return answer, encoded


def _failure(exc: BaseException) -> dict:
    kind = type(exc)
    return {"ok": False, "type": kind.__name__, "module": kind.__module__, "message": str(exc)[:20000]}


def _warm_up(pl) -> None:
    """One tiny pass before saying ready, so that the RSS the child reports then includes what Polars takes
    once per process on its first pass (its thread pool, the streaming engine: ~25-30 MiB). Without it
    every child's first pass, however small, looked like growth past planproc.RECYCLE_SLACK_BYTES: the
    child was recycled after each idle second and a new one started (~0.15 s of CPU for the imports) for
    every run of a worker that is not kept busy."""
    with contextlib.suppress(Exception):  # a plain pass that fails here fails in a step too, and is reported there
        pl.collect_all([pl.LazyFrame({"n": [1]}).select(pl.len())])


def main() -> None:
    protocol_in = os.fdopen(os.dup(0), "rb", buffering=0)
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print (Polars' verbose mode) goes to stderr, never into the protocol
    sys.stdout = sys.stderr
    threading.Thread(target=_watch_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()
    import polars as pl

    _warm_up(pl)
    write_message(protocol_out, {"ready": True, "pid": os.getpid(), "rss": rss_of()})
    while True:
        try:
            header, blobs = read_message(protocol_in)
        except ProtocolError:
            return
        op = header.get("op")
        if op == "modules":
            write_message(protocol_out, {"ok": True, "modules": sorted({m.split(".")[0] for m in sys.modules})})
            continue
        if op != "collect":
            write_message(protocol_out, {"ok": False, "type": "ValueError", "module": "builtins", "message": "op"})
            continue
        try:
            answer, encoded = _collect(pl, header, blobs)
        except BaseException as exc:  # a MemoryError or a panic too: the worker decides
            answer, encoded = _failure(exc), []
        del blobs
        write_message(protocol_out, answer, encoded)


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # the worker closed its end: it retired this process, or it went away
        os._exit(0)
