"""Server-rendered pages of the pipelines app (mounted at the site root by config/urls.py); also the
sign-in and sign-out pages (Django's auth views; templates/registration/)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from pipelines.views import ci, connections, detail, files, imports, lineage, pages, profiles, templates, tests

# The pages live in the "pipelines" namespace (pipelines:list, pipelines:detail ...); login and logout
# are at the root without a namespace (settings.LOGIN_URL is /login/, templates use {% url 'login' %}),
# so this module sets no app_name itself and includes its pages under one instead. The parts of these pages
# that are about runs (run, recent runs, next runs, dependencies: /pipelines/<id>/run/ ...) are served by
# executions (executions/urls.py) and included here with htmx.
pipeline_patterns = [
    path("pipelines/", pages.pipeline_list, name="list"),
    path("pipelines/new/", pages.pipeline_create_view, name="create"),
    path("pipelines/import/", imports.import_page, name="import"),
    path("pipelines/import/preview/", imports.import_preview, name="import_preview"),
    path("pipelines/import/apply/", imports.import_apply, name="import_apply"),
    path("pipelines/<id:pk>/", detail.pipeline_detail, name="detail"),
    path("pipelines/<id:pk>/builder/", pages.pipeline_builder, name="builder"),
    path("pipelines/<id:pk>/delete/", pages.pipeline_delete_view, name="delete"),
    path("pipelines/<id:pk>/diff/", detail.version_diff_view, name="diff"),
    path("pipelines/<id:pk>/ci/", ci.pipeline_ci, name="ci"),
    path("pipelines/<id:pk>/schedule/", detail.schedule_update, name="schedule"),
    path("pipelines/<id:pk>/tests/", tests.pipeline_tests, name="tests"),
    path("pipelines/<id:pk>/tests/run/", tests.pipeline_tests_run_view, name="tests_run"),
    path("pipelines/<id:pk>/subscription/", detail.subscription_add, name="subscribe"),
    path("pipelines/<id:pk>/subscription/delete/", detail.subscription_remove, name="unsubscribe"),
    path("files/", files.file_browser, name="files"),
    path("files/profile/", profiles.file_profile_page, name="file_profile"),
    path("lineage/", lineage.lineage_page, name="lineage"),
    path("lineage/impact/", lineage.lineage_impact, name="lineage_impact"),
    path("templates/", templates.template_gallery, name="templates"),
    path("templates/<id:pk>/apply/", templates.template_apply_view, name="template_apply"),
    path("templates/<id:pk>/delete/", templates.template_delete_view, name="template_delete"),
    path("connections/", connections.connection_list, name="connections"),
    path("connections/new/", connections.connection_create_view, name="connection_create"),
    path("connections/<id:pk>/", connections.connection_detail, name="connection_detail"),
    path("connections/<id:pk>/edit/", connections.connection_edit, name="connection_edit"),
    path("connections/<id:pk>/delete/", connections.connection_delete_view, name="connection_delete"),
    path("connections/<id:pk>/test/", connections.connection_test_view, name="connection_test"),
    path("connections/<id:pk>/tables/", connections.connection_browse, name="connection_tables"),
]

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((pipeline_patterns, "pipelines"))),
]
