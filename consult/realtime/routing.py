from django.urls import path

from consult.realtime import consumers

websocket_urlpatterns = [
    path("ws/consultations/<int:page_id>/", consumers.ConsultationConsumer.as_asgi()),
    path("ws/moderation/", consumers.ModerationConsumer.as_asgi()),
]
