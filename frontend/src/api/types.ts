// Names for the generated types: the API's bodies (schema.d.ts, from the OpenAPI document) and the
// live events (events.d.ts, from notifications/schemas.py). Regenerate both with `make gen-types`.
import type { components as EventComponents } from "./events";
import type { components, paths } from "./schema";
import type { ApiPath } from "./endpoints";

export type ApiSchemas = components["schemas"];

type Method = "get" | "put" | "post" | "patch" | "delete";
type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>;
type JsonContent<R> = R extends { content: { "application/json": infer T } } ? T : never;

/** The JSON body of an operation's `status` response. */
export type ResponseOf<P extends ApiPath, M extends Method, S extends number = 200> =
  Operation<P, M> extends { responses: infer R } ? (S extends keyof R ? JsonContent<R[S]> : never) : never;

/** The JSON request body of an operation. */
export type BodyOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonContent<NonNullable<B>> : never;

// --- Live events ---------------------------------------------------------------------------------
type EventSchemas = EventComponents["schemas"];

/** The data of each event type. */
export type EventDataByType = EventSchemas["EventDataByType"];
export type EventType = keyof EventDataByType;
export type EventData<K extends EventType> = EventDataByType[K];

/** The envelope of every event on the socket and in /api/events/. */
export interface EventEnvelope<T extends string = string, D = Record<string, unknown>> {
  id: number;
  uuid?: string;
  type: T;
  version?: number;
  ts: string;
  topic: string;
  data: D;
}

/** One of the server's event types, with its data typed (narrow it on `type`). */
export type TypedEvent = { [K in EventType]: EventEnvelope<K, EventData<K>> }[EventType];

/** Narrows an event to the typed one of `type`. The server validates every event's data against its
 * schema before publishing it (notifications/events.py), so the type tells the truth. */
export function isEventOf<K extends EventType>(
  event: EventEnvelope,
  type: K,
): event is EventEnvelope<K, EventData<K>> {
  return event.type === type;
}
