"""Where the server and the token come from: ``SLUICE_URL`` / ``SLUICE_TOKEN`` in the environment win over
the file ``sluice login`` writes (``$XDG_CONFIG_HOME/sluice/config.toml``, else ``~/.config/sluice/``),
which only its owner may read (0600). The token is never printed."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sluice_cli.errors import UsageError


@dataclass(frozen=True)
class Settings:
    url: str
    token: str
    source: str  # where they came from, for messages (never the token itself)


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "sluice" / "config.toml"


def read_file(path: Path | None = None) -> dict[str, str]:
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"Cannot read {path}: {exc}. Run `sluice login` again.") from None
    return {k: v for k, v in data.items() if k in ("url", "token") and isinstance(v, str)}


def write_file(*, url: str, token: str, path: Path | None = None) -> Path:
    """Write the file with 0600 from the start (never readable by others, not even for a moment)."""
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = f"# Written by `sluice login`. Keep it private.\nurl = {json.dumps(url)}\ntoken = {json.dumps(token)}\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)  # an existing file keeps its mode on open: make sure
    return path


def normalise_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"The server URL must start with http:// or https:// (got {url!r}).")
    return url


def load() -> Settings:
    """The server URL and token, or a UsageError that says how to give them."""
    stored = read_file()
    url = os.environ.get("SLUICE_URL") or stored.get("url") or ""
    token = os.environ.get("SLUICE_TOKEN") or stored.get("token") or ""
    if not url or not token:
        missing = " and ".join(n for n, v in (("SLUICE_URL", url), ("SLUICE_TOKEN", token)) if not v)
        raise UsageError(f"No {missing}: set it in the environment or run `sluice login`.")
    source = "the environment" if os.environ.get("SLUICE_TOKEN") else str(config_path())
    return Settings(url=normalise_url(url), token=token.strip(), source=source)
