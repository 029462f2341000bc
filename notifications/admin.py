"""Admin for notifications: the event log and the inboxes are read-only records; subscriptions are
removed through subscription_delete (they are made from the pipeline pages and the API, which check
that the user may see the topic)."""

from django.contrib import admin

from notifications.models import Event, Notification, PipelineSubscription
from notifications.schemas import SCHEMAS
from notifications.services import subscription_delete


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the services (events, inboxes, samplers, heartbeats, alert evaluations):
    viewed here, never added, edited or deleted (retention tasks prune them)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventTypeFilter(admin.SimpleListFilter):
    """By type, offered from the event schemas: Django's own filter would read every distinct type of the
    table (no index on ``type``: see Event) at each page view."""

    title = "type"
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return [(name, name) for name in sorted(SCHEMAS)]

    def queryset(self, request, queryset):
        return queryset.filter(type=self.value()) if self.value() else queryset


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["id", "ts", "topic", "type", "version"]
    list_filter = [EventTypeFilter]
    search_fields = ["topic", "type", "uuid"]
    date_hierarchy = "ts"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "level", "title", "read_at"]
    list_filter = ["level"]
    search_fields = ["title", "body", "user__username"]
    list_select_related = ["user"]


@admin.register(PipelineSubscription)
class PipelineSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "topic", "event_types", "channels", "created_at"]
    search_fields = ["topic", "user__username"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        subscription_delete(subscription=obj, user=obj.user)

    def delete_queryset(self, request, queryset):
        for subscription in queryset.select_related("user"):
            subscription_delete(subscription=subscription, user=subscription.user)
