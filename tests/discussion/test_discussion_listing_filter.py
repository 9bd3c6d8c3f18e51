"""Searching the comments and narrowing them to a stakeholder group: plain GET parameters,
bounded, in the same number of queries whatever the size of the discussion, and never kept
by the page cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consult.discussion.addresses import SEARCH_MAX_LENGTH
from consult.discussion.models import Comment

pytestmark = pytest.mark.django_db


def comment(consultation, author, body: str, *, group: str = "affected", parent=None):
    return Comment.objects.create(
        consultation=consultation,
        author=author,
        author_display_mode="named",
        author_stakeholder_group=group,
        body_source=body,
        body_html=f"<p>{body}</p>",
        parent=parent,
        thread=parent,
        depth=1 if parent else 0,
    )


def shown(client, consultation, **params) -> list[str]:
    response = client.get(consultation.url, params)
    assert response.status_code == 200
    return [thread.body_html for thread in response.context["discussion"].threads]


@pytest.fixture
def talk(consultation, alice, bob):
    commute = comment(consultation, alice, "Cameras on my commute", group="affected")
    comment(consultation, bob, "Audit the vendor first", group="academic", parent=commute)
    comment(consultation, bob, "Publish the error rates", group="academic")
    comment(consultation, alice, "Nothing about buses", group="community")
    return consultation


def test_a_search_finds_comments_and_threads_whose_replies_match(client, talk):
    assert shown(client, talk, q="error RATES") == ["<p>Publish the error rates</p>"]
    # The vendor is named in a reply: its thread is found.
    assert shown(client, talk, q="vendor") == ["<p>Cameras on my commute</p>"]
    assert shown(client, talk, q="trams") == []


def test_control_characters_in_a_search_are_dropped(client, talk):
    # A NUL never gets this far: config.nul_guard refuses it (tests/platform).
    assert shown(client, talk, q="err\x1bor\x07 rates") == ["<p>Publish the error rates</p>"]


def test_comments_narrow_to_a_stakeholder_group(client, talk):
    assert shown(client, talk, group="community") == ["<p>Nothing about buses</p>"]
    assert shown(client, talk, group="academic", q="error") == ["<p>Publish the error rates</p>"]


def test_the_filter_is_bounded_and_kept_in_the_links(client, talk):
    response = client.get(talk.url, {"q": "  error   rates " + "x" * 500, "group": "martians"})

    discussion = response.context["discussion"]
    assert len(discussion.filter.search) == SEARCH_MAX_LENGTH
    assert discussion.filter.search.startswith("error rates x")
    assert discussion.filter.group == ""  # an unknown group is ignored, not an error
    html = client.get(talk.url, {"q": "error", "group": "academic"}).content.decode()
    assert "1 conversation matches." in html
    assert 'href="?sort=oldest&amp;q=error&amp;group=academic#comments"' in html
    assert 'value="error"' in html  # the search box shows what was asked


def test_a_filtered_listing_runs_as_many_queries_whatever_its_size(client, alice, talk):
    client.force_login(alice)
    client.get(talk.url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(talk.url, {"q": "comment", "group": "affected"}).status_code == 200
        return len(captured)

    def add(numbers) -> None:
        for n in numbers:
            parent = comment(talk, alice, f"comment {n}")
            comment(talk, alice, f"reply comment {n}", parent=parent)

    # Each measured once its caches are warm, as a busy site has them.
    add(range(2))
    queries()
    few = queries()
    add(range(2, 60))
    queries()
    assert queries() == few


def test_filtered_listings_are_never_kept(client, talk):
    assert shown(client, talk, q="rates") == ["<p>Publish the error rates</p>"]
    # Changed behind the caches' backs: a kept page would still show the old text.
    Comment.objects.filter(body_source="Publish the error rates").update(
        body_source="Publish the error rates now", body_html="<p>Publish the error rates now</p>"
    )

    assert shown(client, talk, q="rates") == ["<p>Publish the error rates now</p>"]


def test_a_filter_never_tells_what_a_hidden_comment_says_nor_who_wrote_it(
    client, consultation, alice, bob, mona
):
    from allauth.mfa.models import Authenticator

    from consult.moderation.models import RuleCode
    from consult.moderation.services.comments import comment_hide

    # Only a moderator with a second factor moderates.
    Authenticator.objects.create(
        user=mona, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    comment(consultation, bob, "Publish the error rates")
    hidden = comment(consultation, bob, "Her home address is 12 Zebra Street", group="industry")
    comment_hide(comment=hidden, moderator=mona, rule_code=RuleCode.SPAM)

    # Its tombstone is on the page, naming no author, and no filter finds it by the words
    # it hides or by its author's group.
    assert len(shown(client, consultation)) == 2
    for reader in (None, alice):
        if reader is not None:
            client.force_login(reader)
        assert shown(client, consultation, q="Zebra Street") == []
        assert shown(client, consultation, group="industry") == []
    # Moderators read the hidden comment on the page, and find it.
    client.force_login(mona)
    assert shown(client, consultation, q="Zebra Street") == [hidden.body_html]
    assert shown(client, consultation, group="industry") == [hidden.body_html]
