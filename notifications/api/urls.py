from django.urls import path

from notifications.api import views

urlpatterns = [
    path("events/", views.EventListApi.as_view(), name="event-list"),
    path("notifications/", views.NotificationListApi.as_view(), name="notification-list"),
    path("notifications/unread-count/", views.NotificationUnreadCountApi.as_view(), name="notification-unread"),
    path("notifications/mark-read/", views.NotificationMarkReadApi.as_view(), name="notification-mark-read"),
    path("subscriptions/", views.SubscriptionListApi.as_view(), name="subscription-list"),
    path("subscriptions/<id:pk>/", views.SubscriptionDetailApi.as_view(), name="subscription-detail"),
]
