"""WebSocket routes; each app's consumers are added here as they arrive."""

websocket_urlpatterns: list = []
