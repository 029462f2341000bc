"""``is_sluice_admin`` for the templates (the user menu's Users and Audit log links); evaluated only when a
template reads it."""

from django.conf import settings

from pipelines import roles


def account_links(request) -> dict:
    return {
        "is_sluice_admin": lambda: roles.sees_everything(getattr(request, "user", None)),
        "oidc_provider": settings.SLUICE_OIDC_PROVIDER_NAME if settings.SLUICE_OIDC_ISSUER else "",
        "local_passwords": settings.SLUICE_LOCAL_PASSWORDS,
    }
