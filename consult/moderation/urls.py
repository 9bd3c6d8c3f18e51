"""Moderation's paths: the moderators' queue under /moderation/ (staff with MFA only, also
guarded by accounts.middleware), and the participant's appeal page."""

from django.urls import path

from consult.moderation import participant_views

app_name = "moderation"

urlpatterns = [
    path("decisions/<int:decision_id>/appeal/", participant_views.appeal, name="appeal"),
]
