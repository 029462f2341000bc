"""Connections: named credentials. Secrets are write-only; responses name them (secret_keys) only."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from pipelines.api.common import BAD_REQUEST, INTERACTIVE_ERRORS, READ_ERRORS, WRITE_ERRORS, fake_view, parse
from pipelines.api.filters import ConnectionFilter
from pipelines.api.permissions import IsEditor, IsEditorForWrites
from pipelines.api.serializers_resources import (
    ConnectionInput,
    ConnectionKindOutput,
    ConnectionOutput,
    ConnectionTestOutput,
    IntrospectOutput,
    IntrospectQuery,
)
from pipelines.connectors import connection_config_schema
from pipelines.models import Connection
from pipelines.selectors import connections_visible_to
from pipelines.services import connection_create, connection_delete, connection_update
from pipelines.services.connections import connection_introspect, connection_test

TAGS = ["connections"]
PRIVATE_NETWORK = (
    "An HTTP connection with config.allow_private_network on lifts the SSRF guard: turning it on, or changing "
    "the config of a connection that has it on, needs the admin role unless the server sets "
    "ALLOW_PRIVATE_NETWORK_SOURCES (403 saying why)."
)


def visible_connection(request, pk: int) -> Connection:
    """The connection ``pk`` if the user may see it, else 404."""
    return get_object_or_404(connections_visible_to(user=request.user), pk=pk)


class ConnectionListApi(generics.ListAPIView):
    permission_classes = [IsEditorForWrites]
    filterset_class = ConnectionFilter
    search_fields = ["name", "slug", "description"]
    ordering_fields = ["name", "kind", "created_at", "updated_at"]
    ordering = ["name", "id"]

    def get_serializer_class(self):
        return ConnectionInput if self.request is not None and self.request.method == "POST" else ConnectionOutput

    def get_queryset(self):
        if fake_view(self):
            return Connection.objects.none()
        return connections_visible_to(user=self.request.user)

    @extend_schema(
        tags=TAGS,
        summary="Connections visible to you (filter by kind, search name/slug/description)",
        responses={200: ConnectionOutput(many=True), 400: BAD_REQUEST},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Create a connection",
        description="Needs the editor role. Secrets are encrypted at rest and never returned. " + PRIVATE_NETWORK,
        request=ConnectionInput,
        responses={201: ConnectionOutput, **WRITE_ERRORS},
    )
    def post(self, request, *args, **kwargs):
        connection = connection_create(user=request.user, **parse(ConnectionInput, request.data))
        return Response(ConnectionOutput(connection).data, status=status.HTTP_201_CREATED)


class ConnectionKindsApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Connection kinds with the JSON Schema of their config and their secret names",
        responses={200: ConnectionKindOutput(many=True)},
    )
    def get(self, request):
        kinds = [connection_config_schema(kind) | {"label": label} for kind, label in Connection.Kind.choices]
        return Response(ConnectionKindOutput(kinds, many=True).data)


class ConnectionDetailApi(APIView):
    permission_classes = [IsEditorForWrites]

    @extend_schema(tags=TAGS, summary="A connection", responses={200: ConnectionOutput, **READ_ERRORS})
    def get(self, request, pk: int):
        return Response(ConnectionOutput(visible_connection(request, pk)).data)

    def _update(self, request, pk: int, *, partial: bool) -> Response:
        connection = visible_connection(request, pk)
        data = parse(ConnectionInput, request.data, partial=partial)
        connection = connection_update(connection=connection, user=request.user, **data)
        return Response(ConnectionOutput(connection).data)

    @extend_schema(
        tags=TAGS,
        summary="Update a connection",
        description="Its owner or an admin (those it is shared with get a 403). Secrets merge: a key with a "
        "value sets it, a key with null removes it, others are kept. " + PRIVATE_NETWORK,
        request=ConnectionInput,
        responses={200: ConnectionOutput, **WRITE_ERRORS},
    )
    def put(self, request, pk: int):
        return self._update(request, pk, partial=False)

    @extend_schema(
        tags=TAGS,
        summary="Change some fields of a connection",
        description="Its owner or an admin (those it is shared with get a 403). Secrets merge: a key with a "
        "value sets it, a key with null removes it, others are kept. " + PRIVATE_NETWORK,
        request=ConnectionInput,
        responses={200: ConnectionOutput, **WRITE_ERRORS},
    )
    def patch(self, request, pk: int):
        return self._update(request, pk, partial=True)

    @extend_schema(
        tags=TAGS,
        summary="Delete a connection (refused while a pipeline draft uses it)",
        description="Its owner or an admin (those it is shared with get a 403).",
        responses={204: None, **WRITE_ERRORS},
    )
    def delete(self, request, pk: int):
        connection_delete(connection=visible_connection(request, pk), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConnectionTestApi(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=TAGS,
        summary="Try to connect",
        description="Needs the editor role. A failure to connect is a 200 with ok=false and a message "
        "that never contains a secret.",
        request=None,
        responses={200: ConnectionTestOutput, **READ_ERRORS, **INTERACTIVE_ERRORS},
    )
    def post(self, request, pk: int):
        connection = visible_connection(request, pk)
        return Response(ConnectionTestOutput(connection_test(connection=connection)).data)


class ConnectionIntrospectApi(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=TAGS,
        summary="Schemas, tables and columns of a database connection",
        description="Needs the editor role. Bounded in time and size ('truncated' says when it stopped early). "
        "A connection that cannot be read is a 400 with a safe message.",
        parameters=[IntrospectQuery],
        responses={200: IntrospectOutput, 400: BAD_REQUEST, **READ_ERRORS, **INTERACTIVE_ERRORS},
    )
    def get(self, request, pk: int):
        connection = visible_connection(request, pk)
        query = parse(IntrospectQuery, request.query_params)
        # A connection that cannot be read: a ValidationError naming the field (a 400).
        result = connection_introspect(connection=connection, schema=query.get("schema") or None)
        return Response(IntrospectOutput(result).data)
