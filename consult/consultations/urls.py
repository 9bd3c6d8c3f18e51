from django.urls import path

from consult.consultations import views

app_name = "ai_systems"
urlpatterns = [
    path("", views.ai_system_list, name="index"),
    path("<slug:slug>/", views.ai_system_detail, name="detail"),
]
