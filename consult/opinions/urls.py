from django.urls import path

from consult.opinions import views

urlpatterns = [
    path(
        "consultations/<int:page_id>/opinion-groups/",
        views.opinion_groups,
        name="opinion_groups",
    ),
]
