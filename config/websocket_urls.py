"""WebSocket routes; each app's consumers are added here as they arrive."""

from consult.realtime.routing import websocket_urlpatterns as realtime_patterns

websocket_urlpatterns: list = [*realtime_patterns]
