"""Template context shared by every page: the navbar's unread-notification count, and the id of the
newest event when the page was read (live.ts subscribes the page's topics from it, so an event that happens
between the page's reads and the socket opening is replayed, not lost; see notifications.live_since)."""

from notifications.live_since import live_since_of
from notifications.selectors import notifications_of


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:  # called by the template only when a page shows it
        return notifications_of(user=user).filter(read_at__isnull=True).count()

    def live_since() -> int:  # live.ts resumes from it; marked before the view's reads (notifications.live_since)
        return live_since_of(request)

    return {"unread_notifications": count, "live_since": live_since}
