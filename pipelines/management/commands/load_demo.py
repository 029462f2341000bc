"""manage.py load_demo: demo data, connection, pipelines and templates. Idempotent: user files are never
overwritten, pipelines and templates are created or updated by slug."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pipelines.demo import DEMO_DIR, write_shop_database
from pipelines.models import Connection, PipelineTemplate
from pipelines.services import connection_create, pipeline_import, template_create, template_update

SHOP = "demo/shop.sqlite"


class Command(BaseCommand):
    help = "Load the demo: a shop database under DATA_ROOT/demo/, its connection, pipelines and templates."

    def add_arguments(self, parser):
        parser.add_argument("--owner", help="Owner (default: the first superuser)")

    def handle(self, *args, owner, **options):
        User = get_user_model()
        user = (
            User.objects.filter(username=owner).first()
            if owner
            else User.objects.filter(is_superuser=True).order_by("pk").first()
        )
        if user is None:
            raise CommandError("No owner for the demo: run manage.py ensure_admin first, or pass --owner.")
        shop = Path(settings.DATA_ROOT) / SHOP
        if not shop.exists():
            write_shop_database(shop)
            self.stdout.write(f"wrote {shop}")
        if not Connection.objects.filter(slug="demo-shop").exists():
            connection_create(
                user=user,
                name="Demo shop (SQLite)",
                slug="demo-shop",
                kind="sqlite",
                config={"path": SHOP},
                description="The demo shop database.",
            )
        for path in sorted((DEMO_DIR / "templates").glob("*.yaml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            existing = PipelineTemplate.objects.filter(slug=doc["slug"]).first()
            if existing is None:
                template_create(user=user, **doc)
            else:
                template_update(template=existing, user=user, **{k: v for k, v in doc.items() if k != "slug"})
        for path in sorted((DEMO_DIR / "pipelines").glob("*.yaml")):
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            try:
                result = pipeline_import(user=user, document=document, version=True)
                state = f"v{result.version.number}"
            except ValidationError as exc:
                result = pipeline_import(user=user, document=document, version=False)
                state = "draft (does not validate: " + "; ".join(exc.messages[:3]) + ")"
                self.stderr.write(self.style.WARNING(f"{path.name}: loaded as a {state}"))
            self.stdout.write(f"demo pipeline {result.pipeline.slug}: {state}")
