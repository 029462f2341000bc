"""docs/events.md, generated from notifications.schemas (``manage.py event_docs``)."""

from __future__ import annotations

from notifications.schemas import SCHEMAS

HEADER = """# Events

Generated from `notifications/schemas.py` by `manage.py event_docs` — do not edit by hand; a test
fails when this file and the code disagree.

Every event is stored (the `Event` table is the truth) and, after its transaction commits, published
on the Redis pub/sub channel of its topic; each web process subscribes once per topic and writes the
event to its local sockets (`notifications/fanout.py`; without Redis, the embedded mode hands it to
the sockets of its one process). Clients connect to `/ws/events/`, then send `{"op": "subscribe",
"topic": ..., "since": <last event id seen>}`; missed events are replayed in order before live ones,
without gaps or duplicates. `GET /api/events/?topic=&since=` returns the same events over HTTP.

## Connecting

- **Browsers** sign in with the session cookie. The handshake's `Origin` must be this site (one of
  `ALLOWED_HOSTS`): a page of another site is refused before the socket opens.
- **Scripts and CLIs** authenticate with a JWT access token (`POST /api/auth/token/`), either in the
  query string, `wss://host/ws/events/?token=<access>`, or in a first message `{"op": "auth",
  "token": "<access>"}` within `SLUICE_WS_AUTH_SECONDS` (10 s). The first message keeps the token out
  of proxy and server access logs, so prefer it. A client that sends no `Origin` header at all is
  served, but only on a token: its cookies are ignored. A cross-site `Origin` is refused even with a
  token.
- Unauthenticated sockets (waiting for their token) are capped per client address and web process
  (`SLUICE_WS_MAX_ANON_PER_ADDRESS`, 10; behind a reverse proxy run daphne with `--proxy-headers` so
  the address is the client's); signed-in ones per user (`SLUICE_WS_MAX_PER_USER`, 20).
- Messages are JSON text frames of at most `SLUICE_WS_MAX_MESSAGE_BYTES` (64 KiB). A binary frame, an
  oversized message or JSON that is not an object with an `op` (including JSON nested too deeply to
  parse) gets `{"type": "error", "code": "binary_not_supported" | "too_large" | "malformed"}` and the
  connection stays up.

## Who sees what

You may subscribe to `pipeline:<id>` and `execution:<id>` of the pipelines you may see (your own, those
shared with you or your groups; admins see all), to your own `user:<id>`, and to `git:<id>` of the git
repositories you own (admins: all; docs/git-sync.md), and to `report:<id>` of the reports you may read
(`report.delivered`; docs/reports.md). Anything else is an `error` with code `forbidden`
(and a 404 from `/api/events/`).

`dashboard` and `metrics:system` are **aggregate topics**: every signed-in user may subscribe, but each
event is filtered per subscriber, live, in the replay after `since` and in `/api/events/`:

- events naming a pipeline (`pipeline_id`: execution, pipeline and schedule events) reach only the
  users who may see that pipeline;
- alert events (`rule_id`) reach only admins and the rule's recipients (as on the alerts page);
- host metrics and the worker roster (`metrics.system`, `worker.online`, `worker.offline`) reach every
  signed-in user, as the system page and `/api/workers/` do;
- any other event type on an aggregate topic reaches staff only (a new type cannot leak by default).

Each app registers the rule for its own subjects (`register_event_scope` in its AppConfig.ready); a
socket reads the pipelines its user may see once, not per event, and reads them again every
`SLUICE_WS_AUDIENCE_SECONDS` (60 s) and when an event may name a pipeline it does not know yet
(`pipeline.created`): such events wait for that re-read (at most about a second)
instead of being dropped. A pipeline shared with you while you are connected shows up within a minute;
one you lose access to stops within a minute. Subscriptions (`/api/subscriptions/`) are per pipeline:
saving one to an aggregate topic or to a topic you may not see is a 400 that says why.

Error texts in events (`error` of `execution.*` and `step.*`, alert messages, run notifications) carry
no connection details: database users, hosts, addresses, ports, database names, DSNs, URLs and the
connection's secrets are replaced by `***` (`notifications/redaction.py`). The full error stays on the
step and the execution, for the people who may see the execution.

## Messages

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
topic and resume with it. Close codes: 4401 not authenticated, 4429 too many connections (for this
user, or unauthenticated ones from this address), 4408 idle for too long, 4012 the server lost Redis
and live events may have been missed — reconnect and resume every topic with `since` (the web pages'
`live.ts` does all of this).

## Event types
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
