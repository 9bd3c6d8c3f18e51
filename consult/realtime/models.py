"""The live streams' one table: each consultation's event counter."""

from django.db import models


class LiveSequence(models.Model):
    """The number of the last event sent on a consultation's stream. Clients send back the
    last number they saw to learn what they missed; kept in the database so the numbering
    survives the cache and the channel layer going away (a client then learns it missed
    something, and reloads)."""

    consultation = models.OneToOneField(
        "consultations.ConsultationPage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"event {self.value} of consultation {self.consultation_id}"
