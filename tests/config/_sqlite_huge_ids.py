"""Run by test_ids.py in a process of its own (the embedded settings, a SQLite file): send every GET
operation of the OpenAPI document a number over 2**63-1 in each path and query parameter, as an
admin, with the demo data loaded, and print the statuses as JSON. SQLite raises OverflowError for
such a number in a foreign-key lookup (PostgreSQL does not), so this is where those 500s show."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DB = sys.argv[1]
os.environ.update(
    {
        "SLUICE_MODE": "embedded",
        "DATABASE_URL": f"sqlite:///{DB}",
        "SLUICE_EMBEDDED_SCHEDULER": "0",
        "SLUICE_WEB_SAMPLER": "0",
        "SLUICE_INTERACTIVE_POOL": "inline",
        "SLUICE_ADMIN_PASSWORD": "embedded-check-123",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_LEVEL": "CRITICAL",
    }
)
sys.path.insert(0, str(ROOT))
for command in (["migrate", "-v0"], ["ensure_admin"], ["load_demo"]):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, check=True, capture_output=True)

import django  # noqa: E402

django.setup()
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from drf_spectacular.generators import SchemaGenerator  # noqa: E402

HUGE = "99999999999999999999"
schema = SchemaGenerator().get_schema(request=None, public=True)
client = Client(raise_request_exception=False)
client.force_login(get_user_model().objects.filter(is_superuser=True).first())
results: dict[str, int] = {}
for path, item in schema["paths"].items():
    operation = item.get("get")
    if operation is None:
        continue
    params = operation.get("parameters", [])
    url = re.sub(r"\{[^}]+\}", lambda m: HUGE if m.group(0) != "{node_key}" else "src", path)
    if re.search(r"\{[^}]+\}", path):
        results[url] = client.get(url).status_code
    real = re.sub(r"\{[^}]+\}", lambda m: "1" if m.group(0) != "{node_key}" else "src", path)
    for param in params:
        if param["in"] == "query":
            results[f"{real}?{param['name']}={HUGE}"] = client.get(real, {param["name"]: HUGE}).status_code
print(json.dumps(results))
