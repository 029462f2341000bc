from django.urls import path

from accounts.api import views

urlpatterns = [
    path("tokens/", views.ApiTokenListApi.as_view(), name="token-list"),
    path("tokens/<id:pk>/", views.ApiTokenDetailApi.as_view(), name="token-detail"),
]
