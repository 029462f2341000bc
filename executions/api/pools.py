"""/api/pools/: the pools of fair scheduling (docs/scheduling.md). Every signed-in user reads them, with
their occupancy; admins create, change and delete them."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from executions.models import Pool
from executions.models.pool import POOL_MAX_SLOTS
from executions.services.pools import pool_delete, pool_occupancy, pool_save
from pipelines import roles

TAGS = ["pools"]


class IsAdminOrReadOnly(BasePermission):
    message = "Pools are managed by admins."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or roles.has_role(request.user, roles.ADMIN)


class PoolOutput(serializers.ModelSerializer):
    running = serializers.SerializerMethodField(help_text="Steps of this pool running now.")
    queued = serializers.SerializerMethodField(help_text="Ready steps waiting for a free slot of this pool.")

    class Meta:
        model = Pool
        fields = ["id", "name", "slots", "description", "running", "queued", "created_at", "updated_at"]

    def _occupancy(self, obj) -> dict[str, int]:
        return self.context.get("occupancy", {}).get(obj.name, {"running": 0, "queued": 0})

    def get_running(self, obj) -> int:
        return self._occupancy(obj)["running"]

    def get_queued(self, obj) -> int:
        return self._occupancy(obj)["queued"]


class PoolInput(serializers.Serializer):
    name = serializers.SlugField(
        max_length=100, help_text="The name nodes and connections give as `pool` (letters, digits, - and _)."
    )
    slots = serializers.IntegerField(
        min_value=1, max_value=POOL_MAX_SLOTS, help_text="How many steps of the pool may run at once."
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class PoolUpdateInput(serializers.Serializer):
    slots = serializers.IntegerField(min_value=1, max_value=POOL_MAX_SLOTS, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _answer(pools: list[Pool]) -> dict:
    return {"occupancy": pool_occupancy([p.name for p in pools])}


def _save(**kwargs) -> Pool:
    try:
        return pool_save(**kwargs)
    except DjangoValidationError as exc:
        raise ApiValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}) from None


class PoolListApi(APIView):
    permission_classes = [IsAdminOrReadOnly]

    @extend_schema(tags=TAGS, responses=PoolOutput(many=True), summary="The pools, with their occupancy")
    def get(self, request):
        pools = list(Pool.objects.order_by("name")[:1000])
        return Response(PoolOutput(pools, many=True, context=_answer(pools)).data)

    @extend_schema(
        tags=TAGS,
        request=PoolInput,
        responses={201: PoolOutput},
        summary="Create a pool (admins): a named limit of concurrently running steps",
    )
    def post(self, request):
        data = PoolInput(data=request.data)
        data.is_valid(raise_exception=True)
        if Pool.objects.filter(name=data.validated_data["name"]).exists():
            raise ApiValidationError({"name": ["A pool with this name exists."]})
        pool = _save(**data.validated_data)
        return Response(PoolOutput(pool, context=_answer([pool])).data, status=status.HTTP_201_CREATED)


class PoolDetailApi(APIView):
    permission_classes = [IsAdminOrReadOnly]

    @extend_schema(tags=TAGS, responses=PoolOutput, summary="A pool, with its occupancy")
    def get(self, request, pk: int):
        pool = get_object_or_404(Pool, pk=pk)
        return Response(PoolOutput(pool, context=_answer([pool])).data)

    @extend_schema(
        tags=TAGS,
        request=PoolUpdateInput,
        responses=PoolOutput,
        summary="Change a pool's slots or description (admins; the name stays, steps name it). More slots "
        "start waiting steps at once.",
    )
    def patch(self, request, pk: int):
        pool = get_object_or_404(Pool, pk=pk)
        data = PoolUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = {"slots": pool.slots, "description": pool.description, **data.validated_data}
        pool = _save(pool=pool, **values)
        return Response(PoolOutput(pool, context=_answer([pool])).data)

    @extend_schema(
        tags=TAGS,
        responses={204: None},
        summary="Delete a pool (admins): its steps run unlimited, and pipelines naming it stop validating",
    )
    def delete(self, request, pk: int):
        pool_delete(pool=get_object_or_404(Pool, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
