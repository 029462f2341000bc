"""WebSocket routes."""

from notifications.routing import websocket_urlpatterns as notification_routes

websocket_urlpatterns: list = [*notification_routes]
