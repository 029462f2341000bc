"""Server-rendered pages of the pipelines app (mounted at the site root by config/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "pipelines"

urlpatterns: list = []
