"""manage.py run_pipeline <slug> [--param k=v ...] [--pipeline-version N] [--backend polars|sql] [--wait]"""

from __future__ import annotations

import json
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from executions import executors
from executions.models import Execution, StepRun
from executions.services import execution_start
from pipelines.models import Pipeline, PipelineVersion


def _parse_param(raw: str) -> tuple[str, object]:
    if "=" not in raw:
        raise CommandError(f"--param {raw!r}: expected key=value")
    key, value = raw.split("=", 1)
    if not key:
        raise CommandError(f"--param {raw!r}: the key is empty")
    try:
        return key, json.loads(value)  # numbers, booleans, lists, objects
    except ValueError:
        return key, value


class Command(BaseCommand):
    help = "Run a pipeline's current (or given) version; with --wait, follow it and exit 0 on success, 1 otherwise."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--param", action="append", default=[], help="key=value (JSON values allowed)")
        parser.add_argument(
            "--pipeline-version", dest="pipeline_version", type=int, help="Version number (default: current)"
        )
        parser.add_argument(
            "--backend", choices=["polars", "sql", "spark"], help="This run's backend (default: the pipeline's)"
        )
        parser.add_argument("--wait", action="store_true", help="Follow the run until it finishes")
        parser.add_argument("--user", help="Run as this user (default: the pipeline owner)")
        parser.add_argument("--timeout", type=float, default=0, help="With --wait: give up after N seconds")

    def handle(self, *args, slug, param, pipeline_version, wait, user, timeout, backend=None, **options):
        version = pipeline_version
        pipeline = Pipeline.objects.select_related("owner", "current_version").filter(slug=slug).first()
        if pipeline is None:
            raise CommandError(f"No pipeline with slug {slug!r}.")
        runner = pipeline.owner
        if user:
            runner = get_user_model().objects.filter(username=user).first()
            if runner is None:
                raise CommandError(f"No user {user!r}.")
        chosen = None
        if version is not None:
            chosen = PipelineVersion.objects.filter(pipeline=pipeline, number=version).first()
            if chosen is None:
                raise CommandError(f"{slug} has no version {version}.")
        params = dict(_parse_param(p) for p in param)
        try:
            execution = execution_start(
                pipeline=pipeline,
                user=runner,
                params=params,
                version=chosen,
                trigger=Execution.Trigger.CLI,
                backend=backend,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"execution {execution.pk} of {slug} v{execution.version.number}: {execution.status}")
        if not wait:
            return
        ok = self._follow(execution, timeout)
        if not ok:
            raise SystemExit(1)

    def _follow(self, execution: Execution, timeout: float) -> bool:
        seen: dict[str, str] = {}
        started = time.monotonic()
        while True:
            if executors.backend() == "inline":
                executors.run_inline_until_idle()
            execution.refresh_from_db()
            for step in StepRun.objects.filter(execution=execution).order_by("id"):
                if seen.get(step.node_key) != step.status:
                    seen[step.node_key] = step.status
                    rows = f" rows_out={step.rows_out}" if step.rows_out is not None else ""
                    error = f" — {step.error.splitlines()[0]}" if step.error else ""
                    self.stdout.write(f"  {step.node_key:<24} {step.status:<10} attempt {step.attempt}{rows}{error}")
            if execution.is_finished:
                style = self.style.SUCCESS if execution.status == Execution.Status.SUCCEEDED else self.style.ERROR
                self.stdout.write(
                    style(
                        f"execution {execution.pk} {execution.status}"
                        f" (rows in {execution.rows_in}, out {execution.rows_out})"
                        + (f": {execution.error}" if execution.error else "")
                    )
                )
                return execution.status == Execution.Status.SUCCEEDED
            if timeout and time.monotonic() - started > timeout:
                self.stderr.write(
                    f"gave up waiting after {timeout:.0f}s; execution {execution.pk} is {execution.status}"
                )
                return False
            time.sleep(0.5)
