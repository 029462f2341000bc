"""drf-spectacular postprocessing: the error responses every API operation can give, documented once.

The views document their successes and the errors peculiar to them; the errors that come from the
framework around them (core/exceptions.py, the permissions, the throttles, pagination, the body
parsers) are the same everywhere and are added here to every operation that does not document them
itself, so the OpenAPI document lists every status the API answers with:

* 400 ``ValidationError``: an object of field name (dotted path) -> list of messages, or ``detail``
  (an unparseable body), for an operation that takes a body or query parameters, and for every write
  (a service refuses a change the object's state does not allow, e.g. cancelling a finished run);
* 401 ``Error``: no or bad credentials, for an operation that needs a signed-in user;
* 403 ``Error``: the role is too low, or the object is someone else's to change;
* 404 ``Error``: no such object or not visible to you (a path parameter), or a page past the end;
* 414 ``Error``: the URL is over the server's 16 KB limit, for an operation that takes query parameters;
* 429 ``Error``: a rate limit or a login lockout; ``Retry-After`` says how many seconds to wait.
"""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "description": "An error with a message a person can read.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Field name (a dotted path for nested input) -> list of messages; "
    "`non_field_errors` for the input as a whole, `detail` when the body could not be parsed.",
    "additionalProperties": True,
}
METHODS = ("get", "put", "post", "delete", "patch")


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _response(description: str, schema: str, headers: dict | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}
    if headers:
        response["headers"] = headers
    return response


def document_error_responses(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    retry_after = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}
    for path_item in result.get("paths", {}).values():
        for method in METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            parameters = operation.get("parameters", [])
            signed_in = bool(operation.get("security")) and {} not in operation["security"]
            wanted = {
                "400": (
                    method != "get" or "requestBody" in operation or any(p.get("in") == "query" for p in parameters)
                )
                and _response("Invalid input.", "ValidationError"),
                "401": signed_in and _response("Not signed in, or the credentials are not valid.", "Error"),
                "403": signed_in and _response("The role is too low, or this is not yours to change.", "Error"),
                "404": (any(p.get("in") == "path" for p in parameters) or any(p["name"] == "page" for p in parameters))
                and _response("No such object or not visible to you, or a page past the last one.", "Error"),
                "414": any(p.get("in") == "query" for p in parameters)
                and _response("The URL is over 16 KB (the server's limit).", "Error"),
                "429": _response("Too many requests or failed sign-ins; wait and try again.", "Error", retry_after),
            }
            responses = operation.setdefault("responses", {})
            for status, response in wanted.items():
                if response and status not in responses:
                    responses[status] = response
    return result
