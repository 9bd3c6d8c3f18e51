"""Moderation as participants meet it, through plain forms (no JavaScript): reporting a
comment, the notices and their header link, and appealing a decision."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consult.moderation.models import Appeal, Flag, ModerationDecision, RuleCode
from consult.moderation.services.appeals import appeal_decide
from consult.moderation.services.comments import comment_hide

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(consultation, alice, post_comment):
    return post_comment(consultation, alice, "Cheap watches at example.com")


def report_url(comment) -> str:
    return reverse("moderation_flag", args=[comment.pk])


# --- Reporting ------------------------------------------------------------------------------


def test_the_report_link_is_offered_to_other_signed_in_participants_only(
    client, consultation, comment, alice, bob
):
    assert report_url(comment) not in client.get(consultation.url).content.decode()
    client.force_login(alice)
    assert report_url(comment) not in client.get(consultation.url).content.decode()
    client.force_login(bob)
    assert report_url(comment) in client.get(consultation.url).content.decode()


def test_anonymous_readers_are_sent_to_sign_in(client, comment):
    response = client.get(report_url(comment))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(report_url(comment), {"rule_code": "spam"}).status_code == 302
    assert not Flag.objects.exists()


def test_a_participant_reports_a_comment_once_and_later_learns_the_outcome(
    client, consultation, comment, bob, mona
):
    client.force_login(bob)
    form = client.get(report_url(comment)).content.decode()
    assert "Spam" in form and "Personal data of others" in form and 'type="radio"' in form

    response = client.post(report_url(comment), {"rule_code": "spam", "note": "An advert."})
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.flagger, flag.rule_code, flag.note) == (bob, "spam", "An advert.")
    page = client.get(consultation.url).content.decode()
    assert "You reported this comment" in page and report_url(comment) not in page
    again = client.get(report_url(comment)).content.decode()
    assert "you reported this comment: a moderator" in again and 'type="radio"' not in again
    assert client.post(report_url(comment), {"rule_code": "spam"}).status_code == 200
    assert Flag.objects.count() == 1

    decision = comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    header = client.get(consultation.url).content.decode()
    assert "1 new notice" in header and reverse("notifications") in header
    notices = client.get(reverse("notifications")).content.decode()
    assert "The outcome of your report" in notices and "acted on it" in notices
    assert reverse("transparency_decision", args=[decision.pk]) in notices
    assert "A moderator acted on it" in notices  # the report's row
    # Opening the page marked the notice read: the header no longer points to it.
    assert "new notice" not in client.get(consultation.url).content.decode()


def test_a_bad_report_keeps_the_note_and_says_why(client, comment, bob):
    client.force_login(bob)
    response = client.post(report_url(comment), {"rule_code": "", "note": "Please look."})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct the errors below." in html and "Please look." in html
    assert not Flag.objects.exists()


def test_reports_are_rate_limited(client, consultation, alice, bob, post_comment, settings):
    settings.CONSULT_RATE_LIMITS = {**settings.CONSULT_RATE_LIMITS, "flag": "2/h"}
    comments = [post_comment(consultation, alice, f"Comment {n}") for n in range(3)]
    client.force_login(bob)
    for comment in comments[:2]:
        assert client.post(report_url(comment), {"rule_code": "spam"}).status_code == 302
    response = client.post(report_url(comments[2]), {"rule_code": "spam", "note": "Again."})
    assert response.status_code == 429
    assert "Please wait" in response.content.decode() and "Again." in response.content.decode()
    assert Flag.objects.count() == 2


def test_held_or_hidden_comments_cannot_be_reported(client, comment, bob, mona):
    comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    client.force_login(bob)
    assert client.get(report_url(comment)).status_code == 404


# --- Notices and appeals --------------------------------------------------------------------


def test_the_author_is_told_and_appeals_within_the_window(
    client, consultation, comment, alice, bob, mona, max_
):
    decision = comment_hide(
        comment=comment, moderator=mona, rule_code=RuleCode.SPAM, public_note="An advert."
    )
    appeal_url = reverse("moderation:appeal", args=[decision.pk])
    client.force_login(alice)
    notices = client.get(reverse("notifications")).content.decode()
    assert "Your comment was hidden" in notices and appeal_url in notices

    page = client.get(appeal_url).content.decode()
    assert "Spam" in page and "An advert." in page and "A moderator (a person)" in page
    assert "Cheap watches at" in page  # her own words, to her
    response = client.post(appeal_url, {"statement": ""})
    assert response.status_code == 400 and not Appeal.objects.exists()
    response = client.post(appeal_url, {"statement": "It was a real question."})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.appellant == alice and appeal.statement == "It was a real question."
    page = client.get(appeal_url).content.decode()
    assert "It was a real question." in page and "Waiting for review" in page
    assert client.post(appeal_url, {"statement": "Again"}).status_code == 200
    assert Appeal.objects.count() == 1

    appeal_decide(appeal=appeal, reviewer=max_, outcome="reversed", reasons="It was on topic.")
    page = client.get(appeal_url).content.decode()
    assert "Decision reversed" in page and "It was on topic." in page
    assert "Cheap watches at" in client.get(consultation.url).content.decode()


def test_only_the_person_concerned_may_appeal(client, comment, alice, bob, mona):
    decision = comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    appeal_url = reverse("moderation:appeal", args=[decision.pk])
    assert client.get(appeal_url).status_code == 302  # to sign in
    client.force_login(bob)
    response = client.get(appeal_url)
    assert response.status_code == 403
    assert "Cheap watches" not in response.content.decode()
    assert client.post(appeal_url, {"statement": "Unfair!"}).status_code == 403
    assert not Appeal.objects.exists()
    client.force_login(alice)
    client.post(appeal_url, {"statement": "Please look again."})
    client.force_login(bob)
    assert client.get(appeal_url).status_code == 404  # someone else's appeal


def test_an_appeal_after_fourteen_days_is_refused_with_the_reason(client, comment, alice, mona):
    decision = comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    ModerationDecision.objects.filter(pk=decision.pk).update(
        created_at=timezone.now() - timedelta(days=15)
    )
    client.force_login(alice)
    response = client.post(
        reverse("moderation:appeal", args=[decision.pk]), {"statement": "Late, sorry."}
    )
    assert response.status_code == 403
    assert "14 days" in response.content.decode()
    assert not Appeal.objects.exists()


def test_notifications_need_an_account(client):
    response = client.get(reverse("notifications"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
