"""Run by test_embedded_sqlite.py in a process of its own (the embedded settings, a SQLite file):
start the demo pipelines from several threads at once, a few times, on the local executor, and print
what happened as JSON."""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DB = sys.argv[1]
os.environ.update(
    {
        "SLUICE_MODE": "embedded",
        "DATABASE_URL": f"sqlite:///{DB}",
        "SLUICE_EXECUTOR": "local",
        "SLUICE_EVENT_BUS": "local",
        "SLUICE_EMBEDDED_SCHEDULER": "0",
        "SLUICE_ADMIN_PASSWORD": "embedded-check-123",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # Every start validates in the interactive pool (two workers): three rounds of starts at once queue
        # there for longer than its 30 s bound on a slow machine. What is checked here is SQLite's locking.
        "SLUICE_INTERACTIVE_QUEUE_SECONDS": "240",
    }
)
sys.path.insert(0, str(ROOT))
for command in (["migrate", "-v0"], ["ensure_admin"], ["load_demo"]):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, check=True, capture_output=True)

import django  # noqa: E402

django.setup()
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import close_old_connections  # noqa: E402

from executions.models import Execution  # noqa: E402
from executions.services import execution_start  # noqa: E402
from executions.services.chain import Chain  # noqa: E402
from pipelines.models import Pipeline  # noqa: E402

# How often a chain kept its transaction open over the next step (see executions.services.chain.Chain).
held = 0
real_hold = Chain.hold


def hold(chain, following, outcome) -> None:
    global held
    real_hold(chain, following, outcome)
    held += chain._stack is not None


Chain.hold = hold

user = get_user_model().objects.filter(is_superuser=True).first()
pipelines = list(Pipeline.objects.all())
errors: list[str] = []


def start(pipeline) -> None:
    try:
        execution_start(pipeline=pipeline, user=user)
    except Exception as exc:  # what the test looks for
        errors.append(repr(exc)[:200])
    finally:
        close_old_connections()


def start_all() -> None:
    threads = [threading.Thread(target=start, args=(p,)) for p in pipelines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def wait() -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and Execution.objects.exclude(status__in=Execution.FINISHED).exists():
        time.sleep(0.2)


for _ in range(3):  # each round starts while the steps of the ones before run
    start_all()
wait()
start_all()  # once more, now that every step has past durations (chains hold their commits)
wait()
statuses = list(Execution.objects.values_list("status", flat=True))
print(json.dumps({"pipelines": len(pipelines), "errors": errors, "statuses": statuses, "held": held}))
