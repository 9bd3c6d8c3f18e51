"""What the site tells one participant: moderation notices, outcomes of what they follow."""

from django.conf import settings
from django.db import models
from django.db.models import F


class Notification(models.Model):
    """Something the site tells one participant (a moderation notice, an outcome): shown on
    the site; email is sent beside it by a background task."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(F("user"), F("created_at").desc(), name="notifications_by_user")]

    def __str__(self) -> str:
        return self.subject
