"""Where step artifacts live: a local directory or an S3 bucket (s3fs), and the options each reader needs.

Plain functions of their arguments (no Django settings), so that the settings module can refuse a bad
store when a process starts and ``executions.artifacts`` can build Polars' and s3fs's options from the
same values. The key id and secret go into those option dicts only: never into a message or a log line.
"""

from __future__ import annotations

import importlib.util
from urllib.parse import urlsplit

SCHEMES = ("file", "s3")


def scheme_of(url: str) -> str:
    """``file`` for a plain path or a file:// URL, else the URL's scheme (lower case)."""
    if "://" not in url:
        return "file"
    return url.split("://", 1)[0].lower()


def artifacts_url_problem(url: str, *, endpoint: str = "", setting: str = "SLUICE_ARTIFACTS") -> str | None:
    """Why ``url`` cannot be the artifact store (or, with ``setting="SLUICE_DATA"``, the data store): a
    sentence that names no secret, or None when it can."""
    if not url.strip():
        return "empty; set a local directory or s3://bucket/prefix"
    if "\x00" in url or "\x00" in endpoint:
        return "contains a NUL character"
    scheme = scheme_of(url)
    if scheme not in SCHEMES:
        # Only the scheme is echoed: the rest of a URL may carry credentials.
        return f"the scheme {scheme[:20]!r} is not supported; use a local directory, file:///path or s3://bucket/prefix"
    if scheme == "s3":
        parts = urlsplit(url)
        if "@" in parts.netloc:
            return (
                f"credentials in the URL are refused (they would show in logs): set {setting}_KEY_ID "
                f"and {setting}_SECRET_KEY"
            )
        if not parts.netloc:
            return "an s3:// URL needs a bucket: s3://bucket/prefix"
        if importlib.util.find_spec("s3fs") is None:
            return "an s3:// store needs the s3fs package (pip install s3fs)"
    if endpoint:
        ends = urlsplit(endpoint)
        if ends.scheme not in ("http", "https") or not ends.hostname or ends.username or ends.password:
            return f"{setting}_ENDPOINT_URL must be an http(s)://host[:port] URL without credentials"
    return None


def polars_options(*, endpoint: str, key_id: str, secret: str, region: str) -> dict[str, str] | None:
    """Polars' ``storage_options`` for an s3:// store (its own object-store client), None to use the
    environment's AWS chain as it is."""
    options: dict[str, str] = {}
    if endpoint:
        options["aws_endpoint_url"] = endpoint
        if endpoint.startswith("http://"):
            options["aws_allow_http"] = "true"
    if key_id:
        options["aws_access_key_id"] = key_id
    if secret:
        options["aws_secret_access_key"] = secret
    if region:
        options["aws_region"] = region
    return options or None


def fsspec_options(*, endpoint: str, key_id: str, secret: str, region: str) -> dict:
    """s3fs's constructor arguments for the same store (listing, sizes, deletes, small streams)."""
    options: dict = {}
    if endpoint:
        options["endpoint_url"] = endpoint
    if key_id:
        options["key"] = key_id
    if secret:
        options["secret"] = secret
    if region:
        options["client_kwargs"] = {"region_name": region}
    return options
