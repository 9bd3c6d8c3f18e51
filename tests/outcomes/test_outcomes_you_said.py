""" "You said, we did" (issue 17, and issue 18's "this does not represent my view").

alice   affected person: two comments, one cited by the theme "Human review"; mail allowed
bob     community member: one comment, cited; has switched outcome emails off
mallory commented, never cited; tries to contest alice's citation
carol   her cited comment was hidden under the harassment rule before publication
edith   the editor who publishes the summary from the Wagtail admin
"""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from consult.discussion.models import CommentState
from consult.moderation.models import Action, AuditEntry, ModerationDecision, Trigger
from consult.notifications.models import Notification
from consult.outcomes.models import CitationContest, CitationNotice, CommentTheme, SummaryPage
from tests.outcomes.conftest import add_summary, add_url, comment, make_user, summary_form

CONTEST_LIMIT = 2000


@pytest.fixture
def cast(closed_consultation, theme, alice, mallory):
    bob = make_user("bob@example.org", group="community")
    bob.profile.outcome_emails = False
    bob.profile.save()
    carol = make_user("carol@example.org", group="affected")
    said = {
        "alice": comment(closed_consultation, alice, body="A person should check every refusal."),
        "alice-other": comment(closed_consultation, alice, body="The letters are confusing."),
        "bob": comment(closed_consultation, bob, body="Appeals must be simple."),
        "mallory": comment(closed_consultation, mallory, body="It saves money."),
        "carol": comment(closed_consultation, carol, body="Rude words.", state=CommentState.HIDDEN),
    }
    ModerationDecision.objects.create(
        consultation=closed_consultation,
        comment=said["carol"],
        subject=carol,
        action=Action.HIDE,
        rule_code="harassment",
        trigger=Trigger.MODERATOR,
    )
    for key in ("alice", "bob", "carol"):
        CommentTheme.objects.create(theme=theme, comment=said[key])
    return {"bob": bob, "carol": carol, "said": said}


@pytest.fixture
def published(client, edith, closed_consultation, theme, cast, django_capture_on_commit_callbacks):
    """The summary, published from the editor's form, as an editor does it."""
    client.force_login(edith)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url(closed_consultation), summary_form(theme))
    assert response.status_code == 302
    client.logout()
    return SummaryPage.objects.get()


def _cited_mails():
    return [message for message in mail.outbox if "You said, we did" in message.subject]


def test_publishing_tells_each_cited_author_once_and_mails_those_who_allow_it(
    published, closed_consultation, theme, alice, mallory, cast
):
    notices = Notification.objects.filter(kind="outcome_cited")
    assert sorted(notices.values_list("user__email", flat=True)) == [
        "alice@example.org",
        "bob@example.org",
    ]
    notice = notices.get(user=alice)
    assert "“Human review”" in notice.body
    assert "We will add human review." in notice.body
    assert "Proceed with changes" in notice.body
    assert notice.url == f"{closed_consultation.url}summary/#cited-theme-{theme.pk}"
    (message,) = _cited_mails()
    assert message.to == ["alice@example.org"]
    assert "Proceed with changes" in message.body
    assert f"/summary/#cited-theme-{theme.pk}" in message.body
    assert not Notification.objects.filter(user__in=[mallory, cast["carol"]]).exists()
    assert set(CitationNotice.objects.values_list("user__email", "mailed")) == {
        ("alice@example.org", True),
        ("bob@example.org", False),
    }


def test_republishing_tells_nobody_again(published, django_capture_on_commit_callbacks):
    sent = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        published.save_revision().publish()

    assert len(mail.outbox) == sent
    assert Notification.objects.filter(kind="outcome_cited").count() == 2
    assert CitationNotice.objects.count() == 2


def test_an_author_cited_after_republishing_is_told_alone(
    published, theme, closed_consultation, django_capture_on_commit_callbacks
):
    dora = make_user("dora@example.org", group="academic")
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, dora))

    with django_capture_on_commit_callbacks(execute=True):
        published.save_revision().publish()

    assert [message.to for message in _cited_mails()] == [
        ["alice@example.org"],
        ["dora@example.org"],
    ]


def test_my_data_lists_what_became_of_each_contribution(client, published, alice, cast):
    client.force_login(alice)
    page = client.get(reverse("account_privacy")).content.decode()
    assert "What became of your contributions" in page
    assert "Cited in the published outcome" in page
    assert "#cited-theme-" in page
    assert "Not cited in the published outcome" in page
    assert "The letters are confusing." in page

    client.force_login(cast["carol"])
    page = client.get(reverse("account_privacy")).content.decode()
    assert "Hidden by moderation" in page
    assert "under the house rule “Harassment”" in page
    assert "Cited in the published outcome" not in page


def test_my_data_reads_a_fixed_number_of_queries(
    client, published, alice, theme, closed_consultation, django_assert_max_num_queries
):
    client.force_login(alice)
    url = reverse("account_privacy")
    client.get(url)
    with django_assert_max_num_queries(60) as captured:
        client.get(url)
    few = len(captured)
    for n in range(8):
        more = comment(closed_consultation, alice, body=f"Point {n}.")
        if n % 2:
            CommentTheme.objects.create(theme=theme, comment=more)
    with django_assert_max_num_queries(few):
        page = client.get(url).content.decode()
    assert "Point 7." in page


def _contest_url(theme, said):
    return reverse("outcomes:contest", args=[theme.pk, said.pk])


def test_an_author_contests_a_citation_once(client, published, alice, theme, cast):
    url = _contest_url(theme, cast["said"]["alice"])
    client.force_login(alice)
    assert "This misrepresents my view" in client.get(url).content.decode()

    too_long = "x" * (CONTEST_LIMIT + 1)
    refused = client.post(url, {"statement": too_long})
    assert refused.status_code == 400
    assert too_long in refused.content.decode()  # the text is kept to be shortened
    assert not CitationContest.objects.exists()

    done = client.post(url, {"statement": "I asked for <b>appeals</b>, not review."})
    assert done.status_code == 302
    contest = CitationContest.objects.get()
    assert (contest.author, contest.statement) == (alice, "I asked for appeals, not review.")
    entry = AuditEntry.objects.get(action="citation_contested")
    assert (entry.target_kind, entry.target_id) == ("citation_contest", contest.pk)
    assert entry.actor_label == "participant"

    again = client.post(url, {"statement": "Once more."})
    assert again.status_code == 409
    assert "You already told us" in again.content.decode()
    assert CitationContest.objects.count() == 1
    my_data = client.get(reverse("account_privacy")).content.decode()
    assert "you said it misrepresents your view" in my_data


def test_only_the_cited_author_may_contest(client, published, mallory, theme, cast):
    url = _contest_url(theme, cast["said"]["alice"])
    assert client.get(url).status_code == 302  # to sign in

    client.force_login(mallory)
    assert client.get(url).status_code == 404
    assert client.post(url, {"statement": "Not mine."}).status_code == 404
    # Nor an uncited comment, nor a hidden one, by their own authors.
    assert client.get(_contest_url(theme, cast["said"]["mallory"])).status_code == 404
    client.force_login(cast["carol"])
    assert client.get(_contest_url(theme, cast["said"]["carol"])).status_code == 404
    assert not CitationContest.objects.exists()


def test_contesting_needs_the_csrf_token(published, alice, theme, cast):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    url = _contest_url(theme, cast["said"]["alice"])
    assert browser.post(url, {"statement": "Forged."}).status_code == 403
    assert not CitationContest.objects.exists()


def test_contesting_is_rate_limited(client, published, alice, theme, cast, settings):
    settings.CONSULT_RATE_LIMITS = {"citation_contest": "0/h"}
    client.force_login(alice)
    response = client.post(_contest_url(theme, cast["said"]["alice"]), {"statement": "No."})
    assert response.status_code == 429
    assert not CitationContest.objects.exists()


def test_editors_see_the_answers_and_the_public_the_count(
    client, published, alice, edith, theme, cast, closed_consultation
):
    client.force_login(alice)
    client.post(_contest_url(theme, cast["said"]["alice"]), {"statement": "Not what I said."})
    client.force_login(cast["bob"])
    client.post(_contest_url(theme, cast["said"]["bob"]), {"statement": ""})

    client.force_login(edith)
    themes = client.get(reverse("outcomes:themes", args=[closed_consultation.pk]))
    html = themes.content.decode()
    assert "Contested citations" in html
    assert "Not what I said." in html
    assert "No statement given." in html

    client.logout()
    summary = client.get(f"{closed_consultation.url}summary/").content.decode()
    assert "2 people whose comments this theme cites say it misrepresents their view." in summary
    assert "Not what I said." not in summary


def test_the_summary_counts_contests_in_a_fixed_number_of_queries(
    client, published, theme, closed_consultation, django_assert_max_num_queries
):
    url = f"{closed_consultation.url}summary/"
    for _ in range(2):
        client.get(url)
    with django_assert_max_num_queries(30) as captured:
        client.get(url)
    few = len(captured)
    for n in range(5):
        user = make_user(f"c{n}@example.org", group="affected")
        said = comment(closed_consultation, user)
        CommentTheme.objects.create(theme=theme, comment=said)
        CitationContest.objects.create(theme=theme, comment=said, author=user)
    client.get(url)  # new profiles replace the site's cached header and footer
    with django_assert_max_num_queries(few):
        page = client.get(url).content.decode()
    assert "5 people whose comments" in page


def test_the_notice_is_in_french_for_a_french_reader(
    client, edith, closed_consultation, theme, django_capture_on_commit_callbacks
):
    zoe = make_user("zoe@example.org", group="affected", language="fr")
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, zoe))
    with django_capture_on_commit_callbacks(execute=True):
        add_summary(closed_consultation, [(theme, "<p>Nous ajoutons un contrôle humain.</p>")])

    notice = Notification.objects.get(user=zoe, kind="outcome_cited")
    assert "Vous avez dit, nous avons fait" in notice.subject
    assert "Ce que l'organisme public a décidé\u00a0: Poursuivre avec des changements." in (
        notice.body
    )


def test_each_author_gets_the_summary_in_their_language_once(
    home, index_page, french, closed_consultation, theme, alice,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    home.copy_for_translation(french).save_revision().publish()
    index_page.copy_for_translation(french).save_revision().publish()
    closed_consultation.copy_for_translation(french).save_revision().publish()
    zoe = make_user("zoe@example.org", group="affected", language="fr")
    for author in (alice, zoe):
        CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, author))
    summary = add_summary(closed_consultation, [(theme, "<p>We agree.</p>")], publish=False)
    french_summary = summary.copy_for_translation(french)

    with django_capture_on_commit_callbacks(execute=True):
        summary.save_revision().publish()
        french_summary.save_revision().publish()

    notices = Notification.objects.filter(kind="outcome_cited")
    assert notices.get(user=alice).url.startswith("/consultations/benefits-chatbot/summary/#")
    assert notices.get(user=zoe).url.startswith("/fr/consultations/benefits-chatbot/summary/#")
    assert notices.count() == 2
