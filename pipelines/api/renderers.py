"""A YAML renderer for exports (``?format=yaml`` or ``Accept: application/yaml``)."""

from __future__ import annotations

import json

import yaml
from django.core.serializers.json import DjangoJSONEncoder
from rest_framework.renderers import BaseRenderer


class YAMLRenderer(BaseRenderer):
    media_type = "application/yaml"
    format = "yaml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        plain = json.loads(json.dumps(data, cls=DjangoJSONEncoder))  # ReturnDict, ErrorDetail -> plain types
        return yaml.safe_dump(plain, sort_keys=False, allow_unicode=True).encode("utf-8")
