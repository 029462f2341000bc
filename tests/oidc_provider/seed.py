"""Seed the provider's database: ``python -m tests.oidc_provider.seed client <id> <secret> <redirect_uri>``
and ``python -m tests.oidc_provider.seed user <name> <password> <email> <group,group,...>`` (the groups
are replaced). Run with DJANGO_SETTINGS_MODULE=tests.oidc_provider.settings."""

import sys

import django


def main(argv: list[str]) -> None:
    django.setup()
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    kind, *args = argv
    if kind == "client":
        client_id, secret, redirect_uri = args
        Application.objects.filter(client_id=client_id).delete()
        Application.objects.create(
            name="sluice",
            client_id=client_id,
            client_secret=secret,  # hashed on save
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=redirect_uri,
            skip_authorization=True,
            algorithm=Application.RS256_ALGORITHM,
        )
    elif kind == "user":
        name, password, email, groups = args
        user, _ = User.objects.get_or_create(username=name)
        user.email = email
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get_or_create(name=g)[0] for g in groups.split(",") if g])
    else:
        raise SystemExit(f"unknown {kind!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
