"""``is_sluice_admin`` for the templates (the user menu's Users and Audit log links); evaluated only when a
template reads it."""

from pipelines import roles


def account_links(request) -> dict:
    return {"is_sluice_admin": lambda: roles.sees_everything(getattr(request, "user", None))}
