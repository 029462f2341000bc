"""The pages of git sync (docs/ui.md, "Repositories")."""

from django.urls import path

from gitsync import views

app_name = "gitsync"

urlpatterns = [
    path("git/", views.repository_list, name="list"),
    path("git/new/", views.repository_create_view, name="create"),
    path("git/<id:pk>/", views.repository_detail, name="detail"),
    path("git/<id:pk>/edit/", views.repository_edit, name="edit"),
    path("git/<id:pk>/delete/", views.repository_delete_view, name="delete"),
    path("git/<id:pk>/sync/", views.repository_sync_view, name="sync"),
    path("git/<id:pk>/webhook-secret/", views.repository_secret_view, name="secret"),
    path("git/<id:pk>/documents/<id:document_id>/resolve/", views.conflict_resolve_view, name="resolve"),
]
