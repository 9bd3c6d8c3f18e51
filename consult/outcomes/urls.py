"""Public paths of the outcomes. The summary itself is a Wagtail page at
/consultations/<slug>/summary/."""

from django.urls import path

from consult.outcomes import feeds, views

app_name = "outcomes"

urlpatterns = [
    path("outcomes/", views.outcome_list, name="list"),
    path("consultations/<int:page_id>/follow/", views.follow, name="follow"),
    path(
        "consultations/<int:page_id>/follow/email/",
        views.follow_by_email,
        name="follow_by_email",
    ),
    path("consultations/<int:page_id>/unfollow/", views.unfollow, name="unfollow"),
    path("consultations/<int:page_id>/themes/", views.themes, name="themes"),
    path(
        "themes/<int:theme_id>/comments/<int:comment_id>/contest/",
        views.contest,
        name="contest",
    ),
    path("follows/confirm/<str:token>/", views.follow_confirm, name="confirm"),
    path("follows/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feeds/consultations/", feeds.ConsultationsFeed(), name="feed_consultations"),
    path("feeds/outcomes/", feeds.OutcomesFeed(), name="feed_outcomes"),
]
