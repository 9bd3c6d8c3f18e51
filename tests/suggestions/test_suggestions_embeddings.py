"""A comment's embedding is computed by a task once it is posted, kept only while its author
allows automated analysis, and follows edits and removals."""

import numpy as np
from django.core.management import call_command

from accounts.privacy.services import contributions_consent_withdraw
from consult.discussion.services import comment_delete, comment_edit
from consult.outcomes import embeddings
from consult.outcomes.models import CommentEmbedding
from tests.suggestions.conftest import post


def stored(comment) -> np.ndarray | None:
    row = CommentEmbedding.objects.filter(comment=comment).first()
    return None if row is None else embeddings.from_bytes(row.vector)


def test_posting_computes_the_embedding_once_committed(consultation, alice, committed):
    with committed():
        comment = post(consultation, alice, "A person must review every refusal.")
        assert stored(comment) is None
    vector = stored(comment)
    assert vector is not None and vector.shape == (embeddings.DIMENSIONS,)
    assert np.isclose(np.linalg.norm(vector), 1, atol=1e-2)
    assert CommentEmbedding.objects.get(comment=comment).model == embeddings.MODEL_NAME


def test_a_comment_without_consent_gets_no_vector(consultation, alice, committed):
    with committed():
        comment = post(consultation, alice, "Keep my words out of any model.", consent=False)
    assert stored(comment) is None


def test_withdrawing_consent_deletes_the_vectors(consultation, alice, mallory, committed):
    with committed():
        mine = post(consultation, alice, "Humans should decide refusals.")
        theirs = post(consultation, mallory, "Cameras at the station worry me.")
    assert stored(mine) is not None
    with committed():
        contributions_consent_withdraw(user=alice, purpose="automated_analysis")
    assert stored(mine) is None
    assert stored(theirs) is not None
    # And what alice posts next is not embedded either: her profile's default is off now.
    alice.refresh_from_db()
    with committed():
        later = post(consultation, alice, "One more thought.")
    assert stored(later) is None


def test_editing_recomputes_and_deleting_removes(consultation, alice, committed):
    with committed():
        comment = post(consultation, alice, "Facial recognition cameras at the station.")
    before = stored(comment)
    with committed():
        comment_edit(comment=comment, author=alice, body="Data is kept for far too long.")
    after = stored(comment)
    assert after is not None and float(before @ after) < 0.95
    with committed():
        comment_delete(comment=comment, author=alice)
    assert stored(comment) is None


def test_the_backfill_embeds_what_was_posted_without_it(consultation, alice, settings, committed):
    settings.CONSULT_COMMENT_EMBEDDINGS = False
    with committed():
        first = post(consultation, alice, "Posted while the worker was down.")
        refused = post(consultation, alice, "Not for any model.", consent=False)
    assert stored(first) is None
    call_command("embed_comments")
    assert stored(first) is not None
    assert stored(refused) is None


def test_a_stored_vector_is_the_one_a_batch_computes(consultation, alice, committed):
    # The task embeds a posted comment alone, a run or the backfill many at once: a theme
    # must not depend on which of them embedded its comments.
    body = "Facial recognition cameras at the station."
    with committed():
        comment = post(consultation, alice, body)
    batch = embeddings.embed(
        [
            body,
            "Les données sont conservées bien trop longtemps.",
            "A person must review every refusal before it is sent.",
            body,
        ]
    )
    assert np.array_equal(batch[0], batch[3])
    assert np.array_equal(stored(comment), embeddings.from_bytes(embeddings.to_bytes(batch[0])))
    assert float(batch[0] @ batch[1]) < 0.95 and float(batch[0] @ batch[2]) < 0.95
