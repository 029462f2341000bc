from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from monitoring.models import Worker


class WorkerOutput(serializers.ModelSerializer):
    class Meta:
        model = Worker
        fields = [
            "name",
            "host",
            "pid",
            "status",
            "started_at",
            "last_seen",
            "cpu_percent",
            "memory_percent",
            "concurrency",
            "queues",
        ]


class WorkerListApi(generics.ListAPIView):
    serializer_class = WorkerOutput
    queryset = Worker.objects.all()
    filterset_fields = ["status", "host"]
    ordering_fields = ["name", "last_seen"]

    @extend_schema(tags=["monitoring"], summary="Celery workers, online and offline, with their host metrics")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
