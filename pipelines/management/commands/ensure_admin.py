"""manage.py ensure_admin: the first admin user, created once.

The password comes from SLUICE_ADMIN_PASSWORD (an empty value counts as unset); otherwise a strong one
is generated and printed once. Nothing secret is printed when the user already exists."""

from __future__ import annotations

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction

from pipelines import roles


class Command(BaseCommand):
    help = "Create the admin user if it does not exist (password from SLUICE_ADMIN_PASSWORD or generated)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("SLUICE_ADMIN_USERNAME") or "admin")
        parser.add_argument("--email", default=os.environ.get("SLUICE_ADMIN_EMAIL") or "admin@localhost")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"admin user {username!r} exists")
            return
        password = os.environ.get("SLUICE_ADMIN_PASSWORD") or ""
        generated = not password
        if generated:
            password = secrets.token_urlsafe(18)  # 24 characters, 144 random bits
        try:
            with transaction.atomic():
                user = User.objects.create_superuser(username=username, email=email, password=password)
                user.groups.add(Group.objects.get_or_create(name=roles.ADMIN)[0])
        except IntegrityError:  # another process (a second release task) created it first
            self.stdout.write(f"admin user {username!r} exists")
            return
        if generated:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Sluice admin created: user {username}, password {password} — shown once; change it after "
                    "signing in (or set SLUICE_ADMIN_PASSWORD before the first start)."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Sluice admin created: user {username} (password from SLUICE_ADMIN_PASSWORD)")
            )
