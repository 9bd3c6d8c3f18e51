"""Positions on the proposal and reactions to comments, through the HTTP client."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from consult.consultations.models import ConsultationPage
from consult.core.errors import NotAllowed
from consult.discussion import queries, services
from consult.discussion.models import Comment, CommentState, Position, Reaction
from tests.discussion.discussion_support import pressed_reactions

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def position(client, consultation, stance, reason="", **extra):
    return client.post(
        f"/consultations/{consultation.pk}/position/", {"stance": stance, "reason": reason}, **extra
    )


def test_a_participant_records_and_changes_a_position(client, alice, consultation):
    client.force_login(alice)

    first = position(client, consultation, "oppose", "Too intrusive")
    second = position(client, consultation, "unsure")

    assert first.status_code == second.status_code == 302
    saved = Position.objects.get()
    assert (saved.stance, saved.reason, saved.author_stakeholder_group) == (
        "unsure",
        "",
        "affected",
    )
    html = client.get(consultation.url).content.decode()
    assert "Your position: Unsure." in html


def test_position_with_javascript_returns_the_panel(client, alice, consultation):
    client.force_login(alice)

    response = position(client, consultation, "support", **JSON)

    assert response.status_code == 200
    assert "Your position: Support." in response.json()["html"]


def test_an_invalid_position_keeps_the_reason_typed(client, alice, consultation):
    client.force_login(alice)

    response = position(client, consultation, "maybe", "My careful reason")

    assert response.status_code == 400
    assert "My careful reason" in response.content.decode()
    assert not Position.objects.exists()


def test_tallies_by_stakeholder_group(client, alice, bob, una, consultation):
    services.position_set(consultation=consultation, user=alice, stance="oppose")
    services.position_set(consultation=consultation, user=bob, stance="support")

    tallies = client.get(consultation.url).context["discussion"].position.tallies

    assert [(r.label, r.support, r.oppose, r.unsure) for r in tallies.rows] == [
        ("Affected person", 0, 1, 0),
        ("Academic or researcher", 1, 0, 0),
    ]
    assert tallies.total.total == 2


def test_the_panel_shows_every_change_of_tallies_and_reasons(client, alice, consultation):
    def panel() -> str:
        html = client.get(consultation.url).content.decode()
        return re.search(r"<section[^>]*data-position-panel.*?</section>", html, re.DOTALL)[0]

    affected = '<th scope="row">Affected person</th><td>{}</td><td>{}</td>'
    services.position_set(
        consultation=consultation, user=alice, stance="oppose", reason="Intrusive."
    )
    assert "Intrusive." in panel() and affected.format(0, 1) in panel()

    # The same tallies with another reason, then other tallies with the same reason.
    services.position_set(consultation=consultation, user=alice, stance="oppose", reason="Costly.")
    assert "Costly." in panel() and "Intrusive." not in panel()
    services.position_set(consultation=consultation, user=alice, stance="support", reason="Costly.")
    assert affected.format(1, 0) in panel() and affected.format(0, 1) not in panel()


def test_a_participant_withdraws_a_position(client, alice, bob, consultation):
    client.force_login(alice)
    position(client, consultation, "oppose", "Too intrusive")
    client.force_login(bob)
    position(client, consultation, "support")

    answer = client.post(f"/consultations/{consultation.pk}/position/withdraw/", **JSON)

    assert answer.status_code == 200
    assert answer.json()["message"] == "Your position is withdrawn."
    assert "Withdraw my position" not in answer.json()["html"]
    assert list(Position.objects.values_list("user__email", flat=True)) == [alice.email]
    tallies = client.get(consultation.url).context["discussion"].position.tallies
    assert (tallies.total.support, tallies.total.oppose) == (0, 1)
    client.force_login(alice)
    plain = client.post(f"/consultations/{consultation.pk}/position/withdraw/", follow=True)
    assert "Your position is withdrawn." in plain.content.decode()
    assert not Position.objects.exists()


def test_withdrawing_a_position_needs_an_open_consultation(client, alice, consultation):
    client.force_login(alice)
    position(client, consultation, "oppose")
    ConsultationPage.objects.filter(pk=consultation.pk).update(closes_at=timezone.now())

    answer = client.post(f"/consultations/{consultation.pk}/position/withdraw/", **JSON)

    assert answer.status_code == 403
    assert "closed" in answer.json()["error"]
    assert Position.objects.count() == 1


def test_reasons_are_shown_under_the_name_or_pseudonym_chosen(
    client, alice, bob, mona, consultation, post_comment
):
    # Alice takes part under her pseudonym, Bob under his name (he commented so).
    post_comment(consultation, bob, "Named comment", mode="named")
    client.force_login(alice)
    position(client, consultation, "oppose", "Cameras <b>everywhere</b>")
    client.force_login(bob)
    position(client, consultation, "support", "It finds missing children")

    client.logout()
    html = client.get(consultation.url).content.decode()
    mona_client = Client()
    mona_client.force_login(mona)
    staff_html = mona_client.get(consultation.url).content.decode()

    assert alice.profile.pseudonym in html
    assert alice.profile.display_name not in html
    assert "Cameras &lt;b&gt;everywhere&lt;/b&gt;" in html
    assert "Bob Keller" in html and "It finds missing children" in html
    # Editors and moderators may see who is behind a pseudonym, as with comments.
    assert f"Pseudonym of {alice.profile.display_name}" in staff_html


def test_reacting_and_changing_a_reaction_moves_the_counters(
    client, alice, bob, consultation, post_comment
):
    comment = post_comment(consultation, alice, "React to me")
    client.force_login(bob)

    client.post(f"/comments/{comment.pk}/reactions/", {"value": "agree"})
    comment.refresh_from_db()
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (1, 0, 0)

    response = client.post(f"/comments/{comment.pk}/reactions/", {"value": "disagree"}, **JSON)
    comment.refresh_from_db()
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (0, 1, 0)
    assert Reaction.objects.get().value == "disagree"
    assert response.status_code == 200
    assert pressed_reactions(response.json()["html"]) == ["Disagree"]

    client.post(f"/comments/{comment.pk}/reactions/", {"value": "disagree"})
    comment.refresh_from_db()
    assert comment.disagree_count == 1
    assert Reaction.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_page_a_reaction_comes_back_to_shows_the_new_count(
    client, alice, bob, consultation, post_comment
):
    # Committed for real, as a server does: the page read before is kept for the reader's
    # next visit unless the reaction replaced the discussion's version.
    comment = post_comment(consultation, alice, "React to me")
    client.force_login(bob)
    client.get(consultation.url)

    response = client.post(f"/comments/{comment.pk}/reactions/", {"value": "agree"})
    html = client.get(response.url.split("#")[0]).content.decode()

    buttons = re.search(rf'id="reactions-{comment.pk}".*?</div>', html, re.S).group(0)
    assert pressed_reactions(buttons) == ["Agree"]
    assert re.search(r'reaction__count">(\d+)', buttons).group(1) == "1"


def test_a_participant_withdraws_a_reaction_with_and_without_javascript(
    client, alice, bob, mona, consultation, post_comment
):
    comment = post_comment(consultation, alice, "React to me")
    services.reaction_set(comment=comment, user=mona, value="agree")
    client.force_login(bob)
    client.post(f"/comments/{comment.pk}/reactions/", {"value": "agree"})
    # The pressed button is the way back: it posts "withdraw".
    page = client.get(consultation.url).content.decode()
    assert 'name="value" value="withdraw" class="reaction reaction--chosen"' in page

    answer = client.post(f"/comments/{comment.pk}/reactions/", {"value": "withdraw"}, **JSON)

    comment.refresh_from_db()
    assert answer.status_code == 200
    assert answer.json()["message"] == "Your reaction is withdrawn."
    assert pressed_reactions(answer.json()["html"]) == []
    assert 'Agree <span class="reaction__count">1</span>' in answer.json()["html"]
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (1, 0, 0)
    assert list(Reaction.objects.values_list("user__email", flat=True)) == [mona.email]

    client.post(f"/comments/{comment.pk}/reactions/", {"value": "pass"})
    plain = client.post(f"/comments/{comment.pk}/reactions/", {"value": "withdraw"}, follow=True)

    comment.refresh_from_db()
    assert "Your reaction is withdrawn." in plain.content.decode()
    assert pressed_reactions(plain.content.decode()) == []
    assert (comment.agree_count, comment.pass_count) == (1, 0)
    # Withdrawing what is not there changes nothing.
    again = client.post(f"/comments/{comment.pk}/reactions/", {"value": "withdraw"}, **JSON)
    comment.refresh_from_db()
    assert again.status_code == 200
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (1, 0, 0)


def test_a_reaction_cannot_be_withdrawn_once_the_consultation_closes(
    client, alice, bob, consultation, post_comment
):
    comment = post_comment(consultation, alice, "React to me")
    services.reaction_set(comment=comment, user=bob, value="agree")
    ConsultationPage.objects.filter(pk=consultation.pk).update(closes_at=timezone.now())
    client.force_login(bob)

    answer = client.post(f"/comments/{comment.pk}/reactions/", {"value": "withdraw"}, **JSON)

    comment.refresh_from_db()
    assert answer.status_code == 403
    assert "closed" in answer.json()["error"]
    assert comment.agree_count == 1
    assert Reaction.objects.count() == 1


def test_the_page_shows_the_viewers_own_reaction(client, alice, bob, consultation, post_comment):
    comment = post_comment(consultation, alice, "React to me")
    services.reaction_set(comment=comment, user=bob, value="pass")
    client.force_login(bob)

    html = client.get(consultation.url).content.decode()

    assert pressed_reactions(html) == ["Pass"]


def test_nobody_reacts_to_their_own_comment(client, alice, consultation, post_comment):
    comment = post_comment(consultation, alice, "Mine")
    client.force_login(alice)

    response = client.post(f"/comments/{comment.pk}/reactions/", {"value": "agree"}, **JSON)

    assert response.status_code == 403
    assert "your own comment" in response.json()["error"]
    assert not Reaction.objects.exists()
    assert "data-discussion-reaction" not in client.get(consultation.url).content.decode()


def test_an_unknown_reaction_is_refused(client, alice, bob, consultation, post_comment):
    comment = post_comment(consultation, alice, "x")
    client.force_login(bob)

    response = client.post(f"/comments/{comment.pk}/reactions/", {"value": "love"}, **JSON)

    assert response.status_code == 400
    assert not Reaction.objects.exists()


def test_counters_can_be_rebuilt_from_the_rows(alice, bob, mona, consultation, post_comment):
    comment = post_comment(consultation, alice, "x")
    services.reaction_set(comment=comment, user=bob, value="agree")
    services.reaction_set(comment=comment, user=mona, value="pass")
    Comment.objects.filter(pk=comment.pk).update(agree_count=40, disagree_count=3, pass_count=0)

    services.comment_counters_rebuild(consultation=consultation)

    comment.refresh_from_db()
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (1, 0, 1)


@pytest.mark.parametrize(("before", "posted"), [(None, "agree"), ("pass", "agree"), ("pass", None)])
def test_a_comment_hidden_after_it_was_read_takes_no_reaction(
    alice, bob, mona, consultation, post_comment, before, posted
):
    comment = post_comment(consultation, alice, "About to be hidden")
    services.reaction_set(comment=comment, user=mona, value="agree")
    if before:
        services.reaction_set(comment=comment, user=bob, value=before)
    # Read as shown, then hidden by a moderator before the reaction is written.
    read = queries.reaction_target(comment.pk, participant=bob)
    Comment.objects.filter(pk=comment.pk).update(state=CommentState.HIDDEN)

    with pytest.raises(NotAllowed, match="no longer shown"):
        if posted:
            services.reaction_set(comment=read, user=bob, value=posted)
        else:
            services.reaction_withdraw(comment=read, user=bob)

    comment.refresh_from_db()
    assert list(Reaction.objects.filter(user=bob).values_list("value", flat=True)) == (
        [before] if before else []
    )
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (
        (1, 0, 1) if before else (1, 0, 0)
    )


@pytest.mark.parametrize("meanwhile", [None, "agree", "pass"])
def test_a_reaction_changed_elsewhere_after_it_was_read_still_counts_once(
    alice, bob, consultation, post_comment, meanwhile
):
    comment = post_comment(consultation, alice, "Clicked on two devices")
    read = queries.reaction_target(comment.pk, participant=bob)
    assert read.participant_reaction is None
    # The same person reacts from another device before this request writes.
    if meanwhile:
        services.reaction_set(comment=comment, user=bob, value=meanwhile)

    services.reaction_set(comment=read, user=bob, value="disagree")

    comment.refresh_from_db()
    assert Reaction.objects.get(user=bob).value == "disagree"
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (0, 1, 0)
    assert (read.agree_count, read.disagree_count, read.pass_count) == (0, 1, 0)


def test_rate_limits_give_a_clear_message_and_keep_the_text(client, alice, consultation, settings):
    settings.CONSULT_RATE_LIMITS = {"comment": "1/5m"}
    client.force_login(alice)
    url = f"/consultations/{consultation.pk}/comments/"
    client.post(url, {"body": "first", "display_mode": "named"})

    response = client.post(url, {"body": "second thoughts", "display_mode": "named"})

    assert response.status_code == 429
    html = response.content.decode()
    assert re.search(r"You are doing that too often. Please wait \d+ (minutes?|seconds?)", html)
    assert "second thoughts" in html
    assert Comment.objects.count() == 1
