"""Server-rendered pages of the accounts app (mounted at the site root by config/urls.py)."""

from django.urls import path

from accounts import oidc, onboarding_views, preferences_views, views, views_users

app_name = "accounts"

urlpatterns = [
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<id:pk>/revoke/", views.revoke, name="revoke"),
    path("account/users/", views_users.users_page, name="users"),
    path("account/users/<id:pk>/role/", views_users.user_role, name="user-role"),
    path("account/users/<id:pk>/deactivate/", views_users.user_active, {"active": False}, name="user-deactivate"),
    path("account/users/<id:pk>/reactivate/", views_users.user_active, {"active": True}, name="user-reactivate"),
    path("account/users/<id:pk>/invite/", views_users.user_reinvite, name="user-invite"),
    path("account/audit/", views_users.audit_page, name="audit"),
    path("account/sessions/", views_users.sessions_page, name="sessions"),
    path("account/sessions/<id:pk>/revoke/", views_users.session_revoke, name="session-revoke"),
    path("account/invite/<str:token>/", views_users.invite_accept, name="invite"),
    path("oidc/authenticate/", oidc.OIDCSignInView.as_view(), name="oidc-sign-in"),
    path("oidc/callback/", oidc.OIDCCallbackView.as_view(), name="oidc-callback"),
    path("account/preferences/", preferences_views.preferences_page, name="preferences"),
    path("account/tour/", onboarding_views.tour_start, name="tour"),
]
