from django.urls import path

from gitsync.api import views

app_name = "gitsync-api"

urlpatterns = [
    path("git/webhook/", views.WebhookApi.as_view(), name="webhook"),
    path("git/repositories/", views.RepositoryListApi.as_view(), name="repositories"),
    path("git/repositories/<id:pk>/", views.RepositoryDetailApi.as_view(), name="repository"),
    path("git/repositories/<id:pk>/sync/", views.RepositorySyncApi.as_view(), name="sync"),
    path("git/repositories/<id:pk>/syncs/", views.RepositorySyncsApi.as_view(), name="syncs"),
    path("git/repositories/<id:pk>/documents/", views.RepositoryDocumentsApi.as_view(), name="documents"),
    path(
        "git/repositories/<id:pk>/documents/<id:document_id>/resolve/",
        views.ConflictResolveApi.as_view(),
        name="resolve",
    ),
    path("git/repositories/<id:pk>/webhook/", views.RepositoryWebhookApi.as_view(), name="webhook-secret"),
]
