"""Errors the command line reports in one readable line (no traceback), each with its exit code."""

from __future__ import annotations

from sluice_cli import FAILED, UNREACHABLE, USAGE


class CliError(Exception):
    code = FAILED

    def __init__(self, message: str, *, code: int | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code


class UsageError(CliError):
    """Bad input: a missing file, a malformed parameter, no such pipeline (exit 2)."""

    code = USAGE


class Unreachable(CliError):
    """The server cannot be reached, or it refused the credentials (exit 3)."""

    code = UNREACHABLE
