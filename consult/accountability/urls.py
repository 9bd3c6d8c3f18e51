from django.urls import path

from consult.accountability import views

app_name = "accountability"
urlpatterns = [
    path("<slug:slug>/fria/", views.fria_detail, name="fria"),
    path("<slug:slug>/fria/history/", views.fria_history, name="fria_history"),
]
