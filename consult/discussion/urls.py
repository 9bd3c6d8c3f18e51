"""Public, stable paths of the discussion. Writes post to these; the consultation page
itself is served by Wagtail at /consultations/<slug>/."""

from django.urls import path

from consult.discussion import views

urlpatterns = [
    path(
        "consultations/<int:page_id>/comments/",
        views.comment_compose,
        name="discussion_comment_compose",
    ),
    path(
        "consultations/<int:page_id>/position/",
        views.position_set,
        name="discussion_position",
    ),
    path(
        "consultations/<int:page_id>/position/withdraw/",
        views.position_withdraw,
        name="discussion_position_withdraw",
    ),
    path("comments/<int:pk>/", views.comment_permalink, name="discussion_comment"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="discussion_comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="discussion_comment_delete"),
    path("comments/<int:pk>/reactions/", views.reaction_set, name="discussion_reaction"),
]
