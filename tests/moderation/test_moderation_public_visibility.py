"""What the consultation page shows of moderated comments, to whom.

Held comments: their author (marked "Waiting for review", with the automated check that held
it) and moderators, nobody else. Hidden comments: a tombstone naming the rule, linking to the
statement of reasons, for everyone but moderators, who read the text marked as hidden.
Campaigns: one entry with the campaign's size. The anonymous page cache never keeps what one
signed-in reader may see, and forgets a comment the moment it is hidden.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from consult.consultations.models import ModerationMode
from consult.discussion.models import DisplayMode
from consult.moderation.models import HouseRule, RuleCode
from consult.moderation.services.campaigns import campaign_mark, comment_hold_automated
from consult.moderation.services.comments import comment_approve, comment_hide
from consult.moderation.services.decisions import Screening
from consult.moderation.services.flags import flag_create

pytestmark = pytest.mark.django_db


def without_nonce(html: str) -> str:
    return re.sub(r'nonce="[^"]*"', "", html)


def page(client, consultation, user=None) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(consultation.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_held_comment_shows_only_to_its_author_and_moderators(
    client, make_consultation, alice, bob, mona, post_comment
):
    consultation = make_consultation(moderation_mode=ModerationMode.PRE)
    held = post_comment(consultation, alice, "Please read me first.")

    for reader in (None, bob):
        html = page(client, consultation, reader)
        assert "Please read me first." not in html
        assert f'id="comment-{held.pk}"' not in html
        assert "0 comments" in html
    own = page(client, consultation, alice)
    assert "Please read me first." in own and "Waiting for review" in own
    assert "Only you and the moderators can see it" in own
    moderators = page(client, consultation, mona)
    assert "Please read me first." in moderators and "Waiting for review" in moderators

    comment_approve(comment=held, moderator=mona)
    html = page(client, consultation)
    assert "Please read me first." in html and "Waiting for review" not in html


def test_an_automated_hold_names_its_check_to_the_author(client, consultation, alice, post_comment):
    comment = post_comment(consultation, alice, "Words a term list matched.")
    comment_hold_automated(
        comment=comment,
        screening=Screening(check="terms:fr", version=3, rule_code=RuleCode.HATE_SPEECH),
    )
    own = page(client, consultation, alice)
    assert "Waiting for review" in own
    assert "Held by an automated check (a word or phrase on the term list in french, " in own
    assert "version 3)" in own
    assert "Hate speech" in own
    assert "Words a term list matched." not in page(client, consultation)


def test_a_hidden_comment_leaves_a_tombstone_naming_its_rule(
    client, consultation, alice, bob, mona, post_comment
):
    hidden = post_comment(
        consultation, alice, "Buy cheap watches here.", mode=DisplayMode.PSEUDONYM
    )
    reply = post_comment(consultation, bob, "This is an advert.", parent=hidden)
    decision = comment_hide(
        comment=hidden, moderator=mona, rule_code=RuleCode.SPAM, public_note="An advert."
    )
    statement = reverse("transparency_decision", args=[decision.pk])
    pseudonym = alice.profile.pseudonym

    for reader in (None, bob):
        html = page(client, consultation, reader)
        assert "Buy cheap watches here." not in html
        assert "This comment was hidden by a moderator under the house rule “Spam”" in html
        assert f'href="{statement}"' in html
        assert pseudonym not in html and "Alice" not in html
        assert "This is an advert." in html  # replies stay
    own = page(client, consultation, alice)
    assert reverse("moderation:appeal", args=[decision.pk]) in own
    moderators = page(client, consultation, mona)
    assert "Buy cheap watches here." in moderators
    assert "Hidden under the house rule “Spam”" in moderators
    assert reply.pk  # the reply's thread is intact for moderators too
    assert "This is an advert." in moderators


def test_the_anonymous_page_cache_never_keeps_a_reader_s_own_view_and_forgets_hidden(
    client, consultation, alice, bob, mona, post_comment
):
    comment = post_comment(consultation, alice, "Visible for now.")
    held = post_comment(consultation, bob, "Bob's words.")
    comment_hold_automated(
        comment=held,
        screening=Screening(check="burst", version=1, rule_code=RuleCode.SPAM),
    )
    # Bob's own view of the page, with his held comment, is rendered for him alone.
    assert "Bob's words." in page(client, consultation, bob)
    client.logout()
    client.cookies.clear()
    first = client.get(consultation.url).content.decode()
    assert "Visible for now." in first and "Bob's words." not in first
    # From the cache: the same page, with this response's own nonce.
    assert without_nonce(client.get(consultation.url).content.decode()) == without_nonce(first)

    comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.OFF_TOPIC)
    after = client.get(consultation.url).content.decode()
    assert "Visible for now." not in after and "Off-topic" in after
    assert "Bob's words." not in after


def test_a_campaign_is_shown_once_with_its_size(
    client, consultation, alice, bob, mona, post_comment, django_user_model
):
    campaign_comments = [
        post_comment(consultation, user, "Stop the cameras at every station!")
        for user in (alice, bob, alice)
    ]
    post_comment(consultation, bob, "An individual view.")
    campaign = campaign_mark(comments=campaign_comments, moderator=mona, rule_code=RuleCode.SPAM)
    html = page(client, consultation)
    assert html.count("Stop the cameras at every station!") == 1
    assert "One of 3 near-identical comments sent as a coordinated campaign" in html
    assert "An individual view." in html
    assert "4 comments" in html  # all still counted
    response = client.get(reverse("transparency_campaign", args=[campaign.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("Stop the cameras at every station!") == 3


def test_the_page_still_runs_a_bounded_number_of_queries(
    client, make_consultation, alice, bob, mona, post_comment
):
    consultation = make_consultation(moderation_mode=ModerationMode.PRE)
    comments = [post_comment(consultation, alice, f"Comment {n}.") for n in range(12)]
    for comment in comments[:8]:
        comment_approve(comment=comment, moderator=mona)
    for comment in comments[:3]:
        comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    campaign_mark(comments=comments[3:6], moderator=mona, rule_code=RuleCode.SPAM)
    comments[6].refresh_from_db()
    flag_create(comment=comments[6], flagger=bob, rule_code=RuleCode.SPAM)
    for reader in (None, alice, bob):
        client.logout()
        if reader:
            client.force_login(reader)
        client.get(consultation.url, {"page": "2"})
        with CaptureQueriesContext(connection) as page:
            assert client.get(consultation.url, {"sort": "oldest"}).status_code == 200
        # Without Redis (the embedded default) the cache itself is a table; it is not the
        # page's own reading.
        own = [
            query["sql"]
            for query in page.captured_queries
            if "consult_cache" not in query["sql"] and "SAVEPOINT" not in query["sql"]
        ]
        # The first reader's: the route's walk and a full render. It does not grow with the
        # comments (tests/discussion's query counts).
        assert len(own) <= 25, "\n".join(own)


def test_a_reworded_house_rule_reaches_the_cached_tombstone_at_once(
    client, consultation, alice, mona, post_comment
):
    comment = post_comment(consultation, alice, "Buy now!")
    comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    rule = HouseRule.objects.create(
        code=RuleCode.SPAM,
        title="Advertising",
        explanation="No adverts.",
        locale=Locale.get_default(),
    )
    assert "“Advertising”" in page(client, consultation)
    assert "“Advertising”" in page(client, consultation)  # now from the cache
    rule.title = "Spam and adverts"
    rule.save()
    assert "“Spam and adverts”" in page(client, consultation)
