from rest_framework import serializers

from notifications.models import Event, Notification, PipelineSubscription


class EventOutput(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["id", "uuid", "type", "version", "ts", "topic", "data"]


class NotificationOutput(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "level", "title", "body", "link", "created_at", "read_at", "read"]

    def get_read(self, obj) -> bool:
        return obj.read_at is not None


class MarkReadInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=1000,
        help_text="Notifications to mark read; omit to mark them all.",
    )


class SubscriptionOutput(serializers.ModelSerializer):
    class Meta:
        model = PipelineSubscription
        fields = ["id", "topic", "event_types", "channels", "created_at"]


class SubscriptionInput(serializers.Serializer):
    topic = serializers.CharField(max_length=120, help_text="e.g. pipeline:12")
    event_types = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        default=list,
        help_text="Empty means execution.failed.",
    )
    channels = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        default=list,
        help_text="in_app and/or email; empty means in_app.",
    )
