"""A JSON parser that refuses bodies over SLUICE_MAX_REQUEST_BYTES before reading them whole.

DRF's JSONParser reads the request stream directly, so Django's
DATA_UPLOAD_MAX_MEMORY_SIZE does not protect it.
"""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from core.ids import is_digits


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.SLUICE_MAX_REQUEST_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and is_digits(str(declared)) and int(declared) > limit:
            raise ParseError(f"Request body is {int(declared):,} bytes; the limit is {limit:,} bytes.")
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(f"Request body is over the limit of {limit:,} bytes.")
        if not raw:
            raise ParseError("Request body is empty; send a JSON document.")
        try:
            return json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ParseError("Request body is not valid UTF-8.") from exc
        except (ValueError, RecursionError) as exc:
            raise ParseError(f"JSON parse error: {exc}") from exc
