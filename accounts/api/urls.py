from django.urls import path

from accounts.api import onboarding, preferences, views, views_users

urlpatterns = [
    path("tokens/", views.ApiTokenListApi.as_view(), name="token-list"),
    path("tokens/<id:pk>/", views.ApiTokenDetailApi.as_view(), name="token-detail"),
    path("users/", views_users.UserListApi.as_view(), name="user-list"),
    path("users/<id:pk>/", views_users.UserDetailApi.as_view(), name="user-detail"),
    path("users/<id:pk>/deactivate/", views_users.UserDeactivateApi.as_view(), name="user-deactivate"),
    path("users/<id:pk>/reactivate/", views_users.UserReactivateApi.as_view(), name="user-reactivate"),
    path("users/<id:pk>/invite/", views_users.UserInviteApi.as_view(), name="user-invite"),
    path("audit/", views_users.AuditListApi.as_view(), name="audit-list"),
    path("sessions/", views_users.SessionListApi.as_view(), name="session-list"),
    path("sessions/<id:pk>/", views_users.SessionDetailApi.as_view(), name="session-detail"),
    path("me/preferences/", preferences.MyPreferencesApi.as_view(), name="my-preferences"),
    path("me/onboarding/", onboarding.MyOnboardingApi.as_view(), name="my-onboarding"),
]
