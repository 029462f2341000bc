"""Server-rendered pages of the accounts app (mounted at the site root by config/urls.py)."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<id:pk>/revoke/", views.revoke, name="revoke"),
]
