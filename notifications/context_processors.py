"""Template context shared by every page: the navbar's unread-notification count, and the id of the
newest event at render time (live.ts subscribes the page's topics from it, so an event that happens
between the render and the socket opening is replayed, not lost)."""

from notifications.models import Event
from notifications.selectors import notifications_of


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:  # called by the template only when a page shows it
        return notifications_of(user=user).filter(read_at__isnull=True).count()

    def live_since() -> int:  # the newest event when the page was rendered: live.ts resumes from it
        return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0

    return {"unread_notifications": count, "live_since": live_since}
