"""manage.py backfill <pipeline slug or id> --start D --end D [--concurrency N] [--dry-run] [--wait]"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from core.ids import is_digits
from executions import executors
from executions.models import Backfill, BackfillInterval
from executions.services.backfill import backfill_plan, backfill_start, parse_moment, plan_as_dict
from pipelines.models import Pipeline


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return "; ".join(exc.messages)


class Command(BaseCommand):
    help = (
        "Run a pipeline's cron schedule over a past range [start, end): every interval without a successful "
        "run, oldest first, at most --concurrency at once. Exit 0 when started (or listed), 1 on an error; "
        "with --wait, 0 only if every interval succeeded."
    )

    def add_arguments(self, parser):
        parser.add_argument("pipeline", help="The pipeline's slug or id")
        parser.add_argument("--start", required=True, help="2026-11-01 or an ISO date-time (schedule's time zone)")
        parser.add_argument("--end", required=True, help="Exclusive end, same forms")
        parser.add_argument("--concurrency", type=int, default=1, help="Runs at once (default 1)")
        parser.add_argument("--dry-run", action="store_true", help="List the intervals to run and those skipped")
        parser.add_argument("--user", help="Start the runs as this user (default: the pipeline's owner)")
        parser.add_argument("--wait", action="store_true", help="Follow the backfill until it finishes")
        parser.add_argument("--timeout", type=float, default=0, help="With --wait: give up after N seconds")

    def handle(self, *args, pipeline, start, end, concurrency, dry_run, user, wait, timeout, **options):
        found = Pipeline.objects.select_related("owner", "current_version").filter(slug=pipeline).first()
        if found is None and is_digits(pipeline) and len(pipeline) < 19:
            found = Pipeline.objects.select_related("owner", "current_version").filter(pk=int(pipeline)).first()
        if found is None:
            raise CommandError(f"No pipeline {pipeline!r} (a slug or an id).")
        moments = {}
        for name, raw in (("start", start), ("end", end)):
            moments[name] = parse_moment(raw.replace("\x00", "?"))
            if moments[name] is None or not 1970 <= moments[name].year <= 2100:
                raise CommandError(f"--{name} {raw!r}: a date (2026-11-01) or an ISO 8601 date-time.")
        runner = found.owner
        if user:
            runner = get_user_model().objects.filter(username=user).first()
            if runner is None:
                raise CommandError(f"No user {user!r}.")
        try:
            if dry_run:
                self._print_plan(found, backfill_plan(pipeline=found, **moments))
                return
            backfill = backfill_start(pipeline=found, user=runner, concurrency=concurrency, **moments)
        except ValidationError as exc:
            raise CommandError(_errors(exc)) from exc
        counts = dict(backfill.intervals.values_list("status").annotate(n=Count("id")).order_by())
        self.stdout.write(
            f"backfill {backfill.pk} of {found.slug}: {sum(counts.values())} intervals, "
            f"{counts.get('skipped', 0)} skipped (already succeeded), concurrency {backfill.concurrency}"
        )
        if wait and not self._follow(backfill, timeout):
            raise SystemExit(1)

    def _print_plan(self, pipeline: Pipeline, plan) -> None:
        rows = plan_as_dict(plan)
        self.stdout.write(f"{pipeline.slug}: cron {pipeline.schedule_cron!r} in {pipeline.schedule_timezone}")
        for verb, key in (("run ", "to_run"), ("skip", "skipped")):
            for row in rows[key]:
                self.stdout.write(f"  {verb} {row['start']} → {row['end']}")
        self.stdout.write(f"{len(rows['to_run'])} to run, {len(rows['skipped'])} skipped (already succeeded)")

    def _follow(self, backfill: Backfill, timeout: float) -> bool:
        started, last = time.monotonic(), None
        while True:
            if executors.backend() == "inline":
                executors.run_inline_until_idle()
            backfill.refresh_from_db()
            statuses = list(backfill.intervals.values_list("status", flat=True))
            line = ", ".join(f"{s} {statuses.count(s)}" for s in BackfillInterval.Status.values if s in statuses)
            if line != last:
                self.stdout.write(f"  {line}")
                last = line
            if backfill.status != Backfill.Status.RUNNING:
                style = self.style.SUCCESS if backfill.status == Backfill.Status.SUCCEEDED else self.style.ERROR
                self.stdout.write(style(f"backfill {backfill.pk} {backfill.status}"))
                return backfill.status == Backfill.Status.SUCCEEDED
            if timeout and time.monotonic() - started > timeout:
                self.stderr.write(f"gave up waiting after {timeout:.0f}s; backfill {backfill.pk} is running")
                return False
            time.sleep(0.5)
