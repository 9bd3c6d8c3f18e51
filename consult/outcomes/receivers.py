"""The outcomes' answers to the layers below (connected in apps.py): a comment's embedding
follows its text and its author's consent."""

from django.conf import settings
from django.db import transaction

from consult.outcomes import suggestion_services
from consult.outcomes.tasks import comment_embedding_refresh


def comment_changed(sender, *, comment_id: int, kind: str, **kwargs) -> None:
    if kind not in {"created", "edited", "removed"} or not settings.CONSULT_COMMENT_EMBEDDINGS:
        return
    transaction.on_commit(lambda: comment_embedding_refresh.enqueue(comment_id), robust=True)


def analysis_consent_changed(sender, *, consultation_id: int, **kwargs) -> None:
    suggestion_services.comment_embeddings_consent_withdrawn(consultation_id=consultation_id)
