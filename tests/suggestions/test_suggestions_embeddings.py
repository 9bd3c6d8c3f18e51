"""A comment's embedding is computed by a task once it is posted, kept only while its author
allows automated analysis, and follows edits and removals."""

import numpy as np
import pytest
from django.core.management import call_command

from accounts.privacy.services import contributions_consent_withdraw
from consult.discussion.services import comment_delete, comment_edit
from consult.outcomes import embeddings
from consult.outcomes.models import CommentEmbedding
from tests.suggestions.conftest import post


@pytest.fixture(autouse=True)
def committed(django_capture_on_commit_callbacks):
    """Each write's after-commit callbacks run, as when its transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        yield


def stored(comment) -> np.ndarray | None:
    row = CommentEmbedding.objects.filter(comment=comment).first()
    return None if row is None else embeddings.from_bytes(row.vector)


def test_posting_computes_the_embedding_once_committed(consultation, alice):
    comment = post(consultation, alice, "A person must review every refusal.")
    vector = stored(comment)
    assert vector is not None and vector.shape == (embeddings.DIMENSIONS,)
    assert np.isclose(np.linalg.norm(vector), 1, atol=1e-2)
    assert CommentEmbedding.objects.get(comment=comment).model == embeddings.MODEL_NAME


def test_a_comment_without_consent_gets_no_vector(consultation, alice):
    comment = post(consultation, alice, "Keep my words out of any model.", consent=False)
    assert stored(comment) is None


def test_withdrawing_consent_deletes_the_vectors(consultation, alice, mallory):
    mine = post(consultation, alice, "Humans should decide refusals.")
    theirs = post(consultation, mallory, "Cameras at the station worry me.")
    assert stored(mine) is not None
    contributions_consent_withdraw(user=alice, purpose="automated_analysis")
    assert stored(mine) is None
    assert stored(theirs) is not None
    # And what alice posts next is not embedded either: her profile's default is off now.
    alice.refresh_from_db()
    assert stored(post(consultation, alice, "One more thought.")) is None


def test_editing_recomputes_and_deleting_removes(consultation, alice):
    comment = post(consultation, alice, "Facial recognition cameras at the station.")
    before = stored(comment)
    comment_edit(comment=comment, author=alice, body="The retention period for data is too long.")
    after = stored(comment)
    assert after is not None and float(before @ after) < 0.95
    comment_delete(comment=comment, author=alice)
    assert stored(comment) is None


def test_the_backfill_embeds_what_was_posted_without_it(consultation, alice, settings):
    settings.CONSULT_COMMENT_EMBEDDINGS = False
    first = post(consultation, alice, "Posted while the worker was down.")
    refused = post(consultation, alice, "Not for any model.", consent=False)
    assert stored(first) is None
    call_command("embed_comments")
    assert stored(first) is not None
    assert stored(refused) is None
