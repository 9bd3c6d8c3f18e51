"""Participants' moderation paths outside /moderation/ (the appeal page lives in
consult.moderation.urls, under its namespace)."""

from django.urls import path

from consult.moderation import participant_views

urlpatterns = [
    path("comments/<int:pk>/report/", participant_views.flag, name="moderation_flag"),
]
