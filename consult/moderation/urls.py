"""Moderation's paths: the moderators' queue under /moderation/ (staff with MFA only, also
guarded by accounts.middleware), and the participant's appeal page."""

from django.urls import path

from consult.moderation import participant_views, views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/act/", views.queue_act, name="act"),
    path("moderation/<int:pk>/decide/", views.queue_decide, name="decide"),
    path("moderation/appeals/", views.appeals, name="appeals"),
    path("moderation/appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
    path("decisions/<int:decision_id>/appeal/", participant_views.appeal, name="appeal"),
]
