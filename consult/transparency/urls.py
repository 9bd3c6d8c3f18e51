"""The public record of moderation. Stable paths: people cite them."""

from django.urls import path

from consult.transparency import views

urlpatterns = [
    path("transparency/", views.report, name="transparency_report"),
    path("transparency.json", views.report_json, name="transparency_report_json"),
    path("transparency.csv", views.report_csv, name="transparency_report_csv"),
    path("transparency/decisions.json", views.decisions_json, name="transparency_decisions_json"),
    path(
        "transparency/decisions/<int:decision_id>/",
        views.decision_detail,
        name="transparency_decision",
    ),
    path(
        "transparency/campaigns/<int:campaign_id>/",
        views.campaign_detail,
        name="transparency_campaign",
    ),
    path("transparency/<slug:slug>/", views.report, name="transparency_consultation"),
]
