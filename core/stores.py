"""The one S3 client setup of Sluice's two stores (artifacts, data): an fsspec file system and Polars'
``storage_options`` for a URL, from the store's endpoint, key id, secret and region.

``executions.artifacts`` (the artifact store) and ``pipelines.stores`` (the data store) both build their
clients here, each from its own settings, so there is one place that knows how s3fs and Polars are set up.
"""

from __future__ import annotations

from dataclasses import dataclass

import fsspec

from core import object_store


@dataclass(frozen=True)
class StoreOptions:
    """A store's connection settings (empty strings: the environment's AWS chain). ``listings_cache``
    False makes s3fs ask the bucket every time (a store other processes write: no stale listings)."""

    endpoint: str = ""
    key_id: str = ""
    secret: str = ""
    region: str = ""
    listings_cache: bool = True

    def __repr__(self) -> str:  # never the secret, not even in a traceback's locals
        return f"StoreOptions(endpoint={self.endpoint!r}, region={self.region!r})"

    def _values(self) -> dict[str, str]:
        return {"endpoint": self.endpoint, "key_id": self.key_id, "secret": self.secret, "region": self.region}

    def polars(self, url: str) -> dict[str, str] | None:
        """Polars' ``storage_options`` for ``url``: the store's on S3, none elsewhere."""
        return object_store.polars_options(**self._values()) if is_s3(url) else None

    def filesystem(self, url: str):
        """The fsspec file system and path of ``url`` (s3fs with these options on S3)."""
        options = object_store.fsspec_options(**self._values()) if is_s3(url) else {}
        if is_s3(url) and not self.listings_cache:
            options["use_listings_cache"] = False
        return fsspec.core.url_to_fs(url, **options)


def is_local(url: str) -> bool:
    return "://" not in url or url.startswith("file://")


def is_s3(url: str) -> bool:
    return url.startswith("s3://")
