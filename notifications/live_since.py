"""The event id a page's live client resumes from (``<body data-live-since>``, live.ts subscribes its topics
``since`` it: an event committed after it is replayed, one at or before it counts as already shown).

It must be read before the page reads what it shows. The context processor reads it when the template asks,
which is after the view's queries: an event committed in between (a run's ``execution.cancelled`` while its
page was being built) was counted as seen although the page showed the state before it, and the page kept
"cancelling" until a reload. Views of pages with live parts are decorated with ``live_page`` (or call
``live_since_mark`` first)."""

from __future__ import annotations

import functools

from core.htmx import is_htmx
from notifications.models import Event

_ATTRIBUTE = "_sluice_live_since"


def newest_event_id() -> int:
    return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0


def live_since_mark(request) -> int:
    """The newest event's id now, kept on the request for the page's data-live-since (one query, the one the
    template would have made later)."""
    since = newest_event_id()
    setattr(request, _ATTRIBUTE, since)
    return since


def live_since_of(request) -> int:
    """The id marked by the view, or the newest event's id now for pages that did not mark one."""
    since = getattr(request, _ATTRIBUTE, None)
    return since if since is not None else newest_event_id()


def live_page(view):
    """A view of a page with live parts: ``live_since_mark`` before the view reads anything. An htmx request
    renders a part, not a page (no ``<body>``): nothing to mark."""

    @functools.wraps(view)
    def marked(request, *args, **kwargs):
        if not is_htmx(request):
            live_since_mark(request)
        return view(request, *args, **kwargs)

    return marked
