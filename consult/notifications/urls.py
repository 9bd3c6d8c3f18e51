from django.urls import path

from consult.notifications import views

urlpatterns = [
    path("accounts/notifications/", views.notifications, name="notifications"),
]
