"""Connections: create, update (secrets are write-only and merge), delete."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from pipelines import interactive, roles
from pipelines.crypto import encrypt_json
from pipelines.models import Connection, Node
from pipelines.services.pipelines import unique_slug

CONNECTION_FIELDS = ("name", "slug", "kind", "description", "config")


def connection_check_config(kind: str, config: dict, secrets: dict) -> None:
    from pipelines.connectors import connection_validate_config

    connection_validate_config(kind=kind, config=config, secrets=secrets)


PRIVATE_NETWORK_REFUSAL = (
    "allow_private_network lifts the SSRF guard (loopback, private networks): only an admin may turn it on, "
    "or change the settings of a connection that has it on; or the server allows private network sources "
    "for everyone (ALLOW_PRIVATE_NETWORK_SOURCES)."
)


def _private_network_config(kind: str, config: dict) -> dict | None:
    """The validated config of an HTTP or Spark connection that lifts the SSRF guard, else None."""
    if kind == Connection.Kind.HTTP:
        from pipelines.connectors.http import HttpConnectionConfig

        parsed = HttpConnectionConfig.model_validate(config or {})
    elif kind == Connection.Kind.SPARK:
        from pipelines.connectors.spark_config import SparkConnectionConfig

        parsed = SparkConnectionConfig.model_validate(config or {})
    else:
        return None
    return parsed.model_dump(mode="json") if parsed.allow_private_network else None


def connection_check_private_network(*, user, kind: str, config: dict, before: Connection | None = None) -> None:
    """PermissionDenied unless ``user`` may save an HTTP or Spark connection with ``allow_private_network`` on: an
    admin, anyone when ALLOW_PRIVATE_NETWORK_SOURCES is on, or an editor who leaves the settings of a
    connection that already had it exactly as they were (renaming it, changing its secrets). Call it
    after the config was validated."""
    lifted = _private_network_config(kind, config)
    if lifted is None or settings.ALLOW_PRIVATE_NETWORK_SOURCES or roles.has_role(user, roles.ADMIN):
        return
    if before is not None and _private_network_config(before.kind, before.config) == lifted:
        return
    raise PermissionDenied(PRIVATE_NETWORK_REFUSAL)


def connection_store_secrets(connection: Connection, secrets: dict[str, Any]) -> None:
    clean = {k: v for k, v in secrets.items() if v not in (None, "")}
    connection.encrypted_secrets = encrypt_json(clean) if clean else ""
    connection.secret_keys = sorted(clean)


def _save(connection: Connection) -> Connection:
    connection.full_clean(exclude=["owner"])
    try:
        connection.save()
    except IntegrityError as exc:
        raise ValidationError({"slug": [f"A connection with slug {connection.slug!r} already exists."]}) from exc
    return connection


def connection_create(
    *,
    user,
    name: str,
    kind: str,
    config: dict | None = None,
    secrets: dict | None = None,
    slug: str = "",
    description: str = "",
    acting_user=None,
) -> Connection:
    """A connection owned by ``user``; ``acting_user`` is who creates it when that is someone else (an
    admin creating it for ``user`` in the Django admin): their role decides what they may set."""
    config, secrets = config or {}, secrets or {}
    if kind not in Connection.Kind.values:
        raise ValidationError({"kind": [f"Unknown kind {kind!r}; one of {', '.join(Connection.Kind.values)}."]})
    connection_check_config(kind, config, secrets)
    connection_check_private_network(user=acting_user or user, kind=kind, config=config)
    connection = Connection(
        owner=user,
        name=name,
        kind=kind,
        config=config,
        description=description,
        slug=slug or unique_slug(Connection, name),
    )
    connection_store_secrets(connection, secrets)
    return _save(connection)


def connection_change_refusal(*, connection: Connection, user) -> str | None:
    """Why ``user`` may not change or delete ``connection``, or None when they may: its owner (an editor)
    and admins. The groups it is shared with see it and use it (pipelines, test, introspection) but do not
    change it: a new host with the stored password would send the password there (docs/api.md,
    Permissions)."""
    if roles.sees_everything(user):
        return None
    if not roles.has_role(user, roles.EDITOR):
        return "Changing connections needs the editor role."
    if connection.owner_id is not None and connection.owner_id == getattr(user, "pk", None):
        return None
    return "Only the connection's owner or an admin may change or delete it; it is shared with you to use."


def connection_can_change(*, connection: Connection, user) -> bool:
    return connection_change_refusal(connection=connection, user=user) is None


def _require_change(connection: Connection, user) -> None:
    refusal = connection_change_refusal(connection=connection, user=user)
    if refusal is not None:
        raise PermissionDenied(refusal)


def connection_update(*, connection: Connection, user, secrets: dict | None = None, **fields: Any) -> Connection:
    """Update fields; ``secrets`` merges: a key with a value sets it, a key with null removes it,
    keys not given are kept. Its owner or an admin only (PermissionDenied otherwise)."""
    _require_change(connection, user)
    unknown = set(fields) - set(CONNECTION_FIELDS)
    if unknown:
        raise TypeError(f"connection_update() got unexpected fields {sorted(unknown)}")
    before = Connection(kind=connection.kind, config=connection.config)
    for name, value in fields.items():
        setattr(connection, name, value)
    merged = dict(connection.secrets)
    for key, value in (secrets or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    connection_check_config(connection.kind, connection.config, merged)
    connection_check_private_network(user=user, kind=connection.kind, config=connection.config, before=before)
    connection_store_secrets(connection, merged)
    with transaction.atomic():
        return _save(connection)


def connection_delete(*, connection: Connection, user) -> None:
    """Its owner or an admin only; refused while a pipeline's draft still uses it."""
    _require_change(connection, user)
    users = [
        n.pipeline.slug for n in Node.objects.select_related("pipeline").filter(config__connection=connection.slug)[:20]
    ]
    if users:
        raise ValidationError(
            {"connection": [f"Still used by pipelines: {', '.join(sorted(set(users)))}. Change them first."]}
        )
    connection.delete()


# --- test and introspection: network and database I/O on the user's behalf, in the interactive pool ---


def connection_test(*, connection: Connection) -> dict[str, Any]:
    """``{"ok", "message", "latency_ms", "server_version"}`` (pipelines.connectors.ops), run in the
    interactive pool (pipelines.interactive): a server that never answers cannot stall the web process."""
    return interactive.call("pipelines.services.connections.connection_test_job", connection_id=connection.pk)


def connection_introspect(*, connection: Connection, schema: str | None = None) -> dict[str, Any]:
    """Schemas, tables and columns (pipelines.connectors.ops), in the interactive pool. A connection
    that cannot be read is a ValidationError naming the field, with a message free of secrets."""
    return interactive.call(
        "pipelines.services.connections.connection_introspect_job", connection_id=connection.pk, schema=schema
    )


def _stored(connection_id: int) -> Connection:
    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None:
        raise ValidationError({"connection": ["This connection no longer exists."]})
    return connection


def connection_test_job(*, connection_id: int) -> dict[str, Any]:
    from pipelines.connectors.ops import connection_test as test

    return test(connection=_stored(connection_id))


def connection_introspect_job(*, connection_id: int, schema: str | None) -> dict[str, Any]:
    from pipelines.connectors.ops import connection_introspect as introspect
    from pipelines.connectors.sql import ConnectorError

    try:
        return introspect(connection=_stored(connection_id), schema=schema)
    except ConnectorError as exc:
        raise ValidationError({exc.field or "connection": [exc.message]}) from None
