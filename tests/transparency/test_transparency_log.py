"""The public log of decisions (/transparency/decisions.json) and the page of each decision's
statement of reasons: complete, paginated, and free of personal data."""

import json

import pytest
from django.urls import reverse

from consult.discussion.models import DisplayMode
from consult.moderation.models import ModerationDecision, RuleCode
from consult.moderation.services.appeals import appeal_decide, appeal_file
from consult.moderation.services.comments import comment_hide
from consult.moderation.services.flags import flag_create
from consult.transparency.queries import DECISIONS_PER_PAGE

pytestmark = pytest.mark.django_db


def test_the_log_names_no_one(client, consultation, alice, bob, mona, max_, post_comment):
    comment = post_comment(consultation, alice, "Buy now!", mode=DisplayMode.PSEUDONYM)
    flag_create(comment=comment, flagger=bob, rule_code=RuleCode.SPAM, note="Ad.")
    decision = comment_hide(
        comment=comment, moderator=mona, rule_code=RuleCode.SPAM, public_note="An advert."
    )
    appeal = appeal_file(decision=decision, appellant=alice, statement="Not an ad.")
    appeal_decide(appeal=appeal, reviewer=max_, outcome="upheld", reasons="It is.")

    response = client.get(reverse("transparency_decisions_json"))
    assert response.status_code == 200
    body = response.content.decode()
    data = json.loads(body)
    (entry,) = data["results"]
    assert entry == {
        "id": decision.pk,
        "consultation": {"slug": consultation.slug, "title": consultation.title},
        "comment": comment.pk,
        "action": "hide",
        "rule": "spam",
        "rule_title": "Spam",
        "trigger": "flag",
        "automated": False,
        "human_decided": True,
        "screen_check": None,
        "screen_version": None,
        "decided_at": decision.created_at.isoformat(),
        "public_note": "An advert.",
        "appeal": "upheld",
    }
    people = (alice, bob, mona, max_)
    for person in people:
        for value in (person.email, person.profile.display_name, person.profile.pseudonym):
            assert value not in body
    for field in ("moderator", "flagger", "author", "appellant", "reviewer", "subject", "user"):
        assert f'"{field}' not in body


def test_the_log_is_paginated_newest_first(client, consultation, alice, mona, post_comment):
    for n in range(DECISIONS_PER_PAGE + 3):
        comment = post_comment(consultation, alice, f"Comment {n}")
        comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.OFF_TOPIC)
    # The hides, and any holds the pre-screen made of so many posts.
    total = ModerationDecision.objects.count()
    pages = -(-total // DECISIONS_PER_PAGE)
    first = client.get(reverse("transparency_decisions_json")).json()
    assert (first["count"], first["page"], first["pages"]) == (total, 1, pages)
    assert len(first["results"]) == DECISIONS_PER_PAGE and first["previous"] is None
    ids = [entry["id"] for entry in first["results"]]
    assert ids == sorted(ids, reverse=True)
    second = client.get(first["next"]).json()
    assert second["page"] == 2 and second["previous"] == first["next"].replace("page=2", "page=1")
    last = client.get(reverse("transparency_decisions_json"), {"page": pages}).json()
    assert len(last["results"]) == total - (pages - 1) * DECISIONS_PER_PAGE
    assert last["next"] is None
    # What is not a page number (or is one only to str.isdigit()) is the first page.
    for junk in ("x", "²", "\u0661\u0662x", "9" * 10_000):
        assert (
            client.get(reverse("transparency_decisions_json"), {"page": junk}).json()["page"] == 1
        )
    scoped = client.get(
        reverse("transparency_decisions_json"), {"consultation": consultation.slug}
    ).json()
    assert scoped["count"] == total


def test_a_decision_on_a_consultation_the_public_cannot_see_keeps_it_unnamed(
    client, make_consultation, alice, mona, post_comment
):
    private = make_consultation("Secret pilot")
    comment = post_comment(private, alice, "Hm.")
    comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    private.unpublish()
    body = client.get(reverse("transparency_decisions_json")).content.decode()
    assert "Secret pilot" not in body and '"consultation": null' in body


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_each_decision_has_a_page_with_its_statement(
    client, consultation, alice, mona, post_comment, prefix
):
    comment = post_comment(consultation, alice, "Buy now!")
    decision = comment_hide(
        comment=comment, moderator=mona, rule_code=RuleCode.SPAM, public_note="An advert."
    )
    response = client.get(f"{prefix}/transparency/decisions/{decision.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "An advert." in html and "Spam" in html
    assert "Alice" not in html and "Mona" not in html and "Buy now!" not in html
    assert client.get(f"{prefix}/transparency/decisions/999999/").status_code == 404
