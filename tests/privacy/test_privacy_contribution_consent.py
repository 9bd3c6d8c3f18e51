"""Consent per contribution: each comment carries the uses its author allowed when posting
(defaulting to their profile), and the author can take a use back from all of them at once
on the My data page; the open-data API and opinion groups honour it at once.

alice agreed to research use; bob did not, and left automated analysis on (the default).
"""

import re

import pytest
from django.urls import reverse

from accounts.privacy import services as privacy
from accounts.privacy.models import ConsentPurpose, ConsentRecord
from consult.discussion.models import Comment

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def researcher(alice):
    privacy.consent_set(user=alice, purpose=ConsentPurpose.RESEARCH, granted=True)
    return alice


def compose(client, consultation, body, **uses):
    data = {"body": body, "display_mode": "pseudonym"}
    data.update({use: "on" for use, ticked in uses.items() if ticked})
    return client.post(f"/consultations/{consultation.pk}/comments/", data)


def ticked(html: str, name: str) -> bool:
    """Whether the first checkbox called `name` in `html` is ticked."""
    tag = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html).group(0)
    return " checked" in tag


def comment_form(client, consultation) -> str:
    html = client.get(consultation.url).content.decode()
    start = html.index("data-discussion-comment-form")
    return html[start : html.index("</form>", start)]


def test_the_comment_form_starts_from_the_profiles_choices(client, researcher, bob, consultation):
    client.force_login(researcher)
    form = comment_form(client, consultation)
    assert ticked(form, "research_use") and ticked(form, "automated_analysis")
    assert "never used to train AI" in form

    client.force_login(bob)
    form = comment_form(client, consultation)
    assert not ticked(form, "research_use") and ticked(form, "automated_analysis")


def test_each_comment_keeps_the_uses_chosen_for_it(client, researcher, bob, consultation):
    client.force_login(researcher)
    compose(client, consultation, "Open to all.", research_use=True, automated_analysis=True)
    compose(client, consultation, "Only for this page.")
    client.force_login(bob)
    compose(client, consultation, "Bob shares this one.", research_use=True)

    uses = dict(Comment.objects.values_list("body_source", "research_use"))
    analysed = dict(Comment.objects.values_list("body_source", "automated_analysis"))
    assert uses == {
        "Open to all.": True,
        "Only for this page.": False,
        "Bob shares this one.": True,
    }
    assert analysed == {
        "Open to all.": True,
        "Only for this page.": False,
        "Bob shares this one.": False,
    }


def test_services_default_to_the_profile(researcher, bob, consultation):
    from consult.discussion import services

    mine = services.comment_create(
        consultation=consultation, author=researcher, body="x", display_mode="pseudonym"
    )
    his = services.comment_create(
        consultation=consultation, author=bob, body="y", display_mode="named"
    )
    assert (mine.research_use, mine.automated_analysis) == (True, True)
    assert (his.research_use, his.automated_analysis) == (False, True)


def test_research_use_is_withdrawn_from_everything_at_once_and_the_api_follows(
    client, researcher, bob, consultation
):
    client.force_login(researcher)
    compose(client, consultation, "First, for research.", research_use=True)
    compose(client, consultation, "Second, for research.", research_use=True)
    client.force_login(bob)
    compose(client, consultation, "Bob, not for research.")
    api = f"/api/v1/consultations/{consultation.pk}/comments"
    before = [row["text"] for row in client.get(api).json()["results"]]

    client.force_login(researcher)
    page = client.post(
        reverse("account_privacy_consent_withdraw"),
        {"purpose": ConsentPurpose.RESEARCH},
        follow=True,
    )

    assert sorted(before) == ["First, for research.", "Second, for research."]
    assert "2 contributions are now left out of the open research data" in page.content.decode()
    assert client.get(api).json()["results"] == []
    assert not Comment.objects.filter(author=researcher, research_use=True).exists()
    researcher.profile.refresh_from_db()
    assert researcher.profile.research_consent is False
    latest = ConsentRecord.objects.filter(user=researcher, purpose=ConsentPurpose.RESEARCH).first()
    assert latest.granted is False
    # Ticking research use again later brings none of them back: it is for new ones.
    client.post(reverse("account_privacy_consent"), {"research_consent": "on"})
    assert client.get(api).json()["results"] == []
    assert "Include my contributions in the open research data: Declined on" in (
        client.get(reverse("account_privacy")).content.decode()
    )


def test_automated_analysis_is_withdrawn_from_everything_at_once(
    client, researcher, bob, consultation
):
    client.force_login(bob)
    compose(client, consultation, "Analyse me.", automated_analysis=True)
    client.force_login(researcher)
    compose(client, consultation, "Alice's, analysed.", automated_analysis=True)
    client.force_login(bob)

    page = client.post(
        reverse("account_privacy_consent_withdraw"),
        {"purpose": ConsentPurpose.AUTOMATED_ANALYSIS},
        follow=True,
    )

    assert "1 contribution is now left out of automated analysis" in page.content.decode()
    assert dict(Comment.objects.values_list("body_source", "automated_analysis")) == {
        "Analyse me.": False,
        "Alice's, analysed.": True,
    }
    bob.profile.refresh_from_db()
    assert bob.profile.automated_analysis_consent is False
    # The next comment form starts unticked.
    assert not ticked(comment_form(client, consultation), "automated_analysis")


def test_withdrawing_needs_a_signed_in_post_with_a_known_purpose(client, alice):
    url = reverse("account_privacy_consent_withdraw")
    assert client.post(url, {"purpose": "research"}).status_code == 302  # to sign in
    client.force_login(alice)
    assert client.get(url).status_code == 405
    page = client.post(url, {"purpose": "marketing"}, follow=True)
    assert "Choose which use to withdraw." in page.content.decode()
    assert not ConsentRecord.objects.filter(user=alice).exclude(purpose="research").exists()
