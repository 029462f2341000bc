"""Fold every sealed hour into the hourly rollups now (the backfill after an upgrade), or with --rebuild
drop them and fold again from the raw rows."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Fold every sealed hour of executions and step runs into the hourly monitoring rollups."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Drop the rollups and fold them again.")

    def handle(self, *args, rebuild: bool = False, **options):
        from monitoring.services.rollups import rollups_rebuild, rollups_refresh_all

        started = time.monotonic()
        hours = rollups_rebuild() if rebuild else rollups_refresh_all()
        self.stdout.write(f"folded {hours} hours in {time.monotonic() - started:.1f} s")
