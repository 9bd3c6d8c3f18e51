from io import StringIO

import pytest
from django.core.management import call_command

from consult.discussion import services
from consult.discussion.models import Comment, ReactionValue


@pytest.mark.django_db
def test_the_command_restores_counters_from_the_reaction_rows(
    consultation, alice, bob, post_comment
):
    comment = post_comment(consultation, alice)
    services.reaction_set(comment=comment, user=bob, value=ReactionValue.AGREE)
    Comment.objects.filter(pk=comment.pk).update(agree_count=40, disagree_count=7)

    out = StringIO()
    call_command("rebuild_comment_counters", stdout=out)

    comment.refresh_from_db()
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (1, 0, 0)
    assert "1 comments" in out.getvalue()
