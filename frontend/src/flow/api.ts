// JSON requests to the Sluice API with the session cookie and the CSRF token; a 400 becomes an
// ApiError carrying the server's per-field messages.
import { csrfToken } from "../csrf";

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public fields: FieldErrors = {},
    public body: unknown = null,
  ) {
    super(message);
  }
}

/** Flattens DRF's error body ({"a": ["…"], "b": {"c": ["…"]}, "detail": "…"}) into dotted paths. */
export function flattenErrors(body: unknown, prefix = ""): FieldErrors {
  const out: FieldErrors = {};
  const add = (path: string, message: string) => {
    const key = path || "non_field_errors";
    (out[key] ??= []).push(message);
  };
  const walk = (value: unknown, path: string) => {
    if (value === null || value === undefined) return;
    if (typeof value === "string") add(path, value);
    else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (typeof item === "string") add(path, item);
        else walk(item, path ? `${path}.${i}` : String(i));
      });
    } else if (typeof value === "object") {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        walk(v, k === "detail" || k === "non_field_errors" ? path : path ? `${path}.${k}` : k);
      }
    } else add(path, String(value));
  };
  walk(body, prefix);
  return out;
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  const sent = fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return answer<T>(sent);
}

/** The answer to a request made with fetch (api(), or a GET sent before the bundle loaded: the
 * builder's boot.ts): its JSON, or an ApiError. */
export async function answer<T>(sent: Promise<Response>): Promise<T> {
  let response: Response;
  try {
    response = await sent;
  } catch {
    throw new ApiError(0, "The server cannot be reached; check your connection and try again.");
  }
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    const fields = typeof data === "object" ? flattenErrors(data) : {};
    const first = Object.entries(fields)[0];
    const detail =
      response.status === 403
        ? "You do not have the role for this."
        : first
          ? first[0] === "non_field_errors"
            ? first[1][0]
            : `${first[0]}: ${first[1][0]}`
          : `The server answered ${response.status}.`;
    throw new ApiError(response.status, detail, fields, data);
  }
  return data as T;
}
