from django.urls import path

from consult.questionnaires import views

app_name = "questionnaires"
urlpatterns = [
    path("consultations/<int:page_id>/response/", views.response_view, name="response"),
]
