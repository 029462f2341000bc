"""WebSocket routes. The event consumer (notifications app) registers here."""

websocket_urlpatterns: list = []
