"""docs/events.md, generated from notifications.schemas (``manage.py event_docs``)."""

from __future__ import annotations

from notifications.schemas import SCHEMAS

HEADER = """# Events

Generated from `notifications/schemas.py` by `manage.py event_docs` — do not edit by hand; a test
fails when this file and the code disagree.

Every event is stored (the `Event` table is the truth) and, after its transaction commits, published
on the Redis pub/sub channel of its topic; each web process subscribes once per topic and writes the
event to its local sockets (`notifications/fanout.py`; without Redis, the embedded mode hands it to
the sockets of its one process). Clients connect to `/ws/events/` (signed-in session, `?token=<JWT access>`, or a
first message `{"op": "auth", "token": ...}`), then send `{"op": "subscribe", "topic": ...,
"since": <last event id seen>}`; missed events are replayed in order before live ones, without
gaps or duplicates. `GET /api/events/?topic=&since=` returns the same events over HTTP.

A message carrying an event looks like:

```json
{"type": "event", "event": {"id": 123, "uuid": "…", "type": "step.succeeded", "version": 1,
 "ts": "2026-11-25T08:00:00+00:00", "topic": "execution:7", "data": {...}}}
```

Topics: `dashboard`, `metrics:system`, `pipeline:<id>`, `execution:<id>`, `user:<id>` (your own).
Execution events go to `execution:<id>`, `pipeline:<id>` and `dashboard`; step events to
`execution:<id>`; pipeline events to `pipeline:<id>` and `dashboard`; notifications to
`user:<id>`. Progress events are coalesced to at most ~10 per second per topic.

Events of one topic can come from several processes (two workers running parallel steps), so live
events may arrive slightly out of id order; each arrives once. Keep the highest id you have seen per
topic and resume with it. Close codes: 4401 not authenticated, 4429 too many connections for this
user, 4408 idle for too long, 1012 the server lost Redis and live events may have been missed —
reconnect and resume every topic with `since` (the web pages' `live.ts` does all of this).
"""


def _type(prop: dict) -> str:
    if "anyOf" in prop:
        return " or ".join(_type(p) for p in prop["anyOf"])
    if "enum" in prop:
        return " | ".join(str(v) for v in prop["enum"])
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    if prop.get("type") == "array":
        return f"list of {_type(prop.get('items', {}))}"
    return prop.get("type", "any")


def render_events_markdown() -> str:
    out = [HEADER]
    for name, (schema, version) in SCHEMAS.items():
        js = schema.model_json_schema()
        out.append(f"## `{name}` (version {version})\n")
        doc = (schema.__doc__ or "").strip()
        if doc:
            out.append(" ".join(doc.split()) + "\n")
        out.append("| field | type | required |")
        out.append("|---|---|---|")
        required = set(js.get("required", []))
        for field, prop in js.get("properties", {}).items():
            out.append(
                f"| `{field}` | {_type(prop).replace('|', chr(92) + '|')} | {'yes' if field in required else 'no'} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"
