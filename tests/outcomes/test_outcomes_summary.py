"""Publishing a consultation's summary in the Wagtail admin: refused until every theme is
answered and traceable, then the consultation's outcome is published and followers told."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing.websocket import WebsocketCommunicator
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from consult.consultations.status import ConsultationStatus
from consult.notifications.models import Notification
from consult.outcomes.models import CommentTheme, ConsultationEvent, Follow, SummaryPage, Theme
from tests.outcomes.conftest import add_summary, add_url, comment, make_user, summary_form


@pytest.fixture
def followers(closed_consultation, alice):
    Follow.objects.create(consultation=closed_consultation, user=alice, confirmed_at=timezone.now())
    Follow.objects.create(
        consultation=closed_consultation, email="reader@example.net", confirmed_at=timezone.now()
    )
    # Never confirmed: hears nothing.
    Follow.objects.create(consultation=closed_consultation, email="pending@example.net")


def test_publishing_is_refused_while_a_theme_has_no_linked_contribution(
    client, edith, closed_consultation, theme
):
    client.force_login(edith)

    response = client.post(add_url(closed_consultation), summary_form(theme), follow=True)

    # Kept as a draft, and the editor is told so and why it is not live; Wagtail's "could
    # not be created" would contradict its own "Saved".
    html = response.content.decode()
    assert "Your changes are saved as a draft, but the page is not published." in html
    assert "is not linked to any visible contribution" in html
    assert "could not be created" not in html
    assert response.redirect_chain[-1][0].endswith("/edit/")
    assert SummaryPage.objects.get().live is False
    closed_consultation.refresh_from_db()
    assert closed_consultation.outcome_published_at is None


def test_publishing_is_refused_while_a_theme_has_no_response(
    client, edith, closed_consultation, theme, alice
):
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, alice))
    other = Theme.objects.create(consultation=closed_consultation, name="Costs")
    CommentTheme.objects.create(theme=other, comment=comment(closed_consultation, alice))
    client.force_login(edith)

    response = client.post(add_url(closed_consultation), summary_form(theme), follow=True)
    assert "The theme “Costs” has no response yet" in response.content.decode()
    assert not SummaryPage.objects.live().exists()

    # Publishing again from the editor: refused again, the draft updated.
    summary = SummaryPage.objects.get()
    data = summary_form(theme, response="<p>We changed our mind.</p>")
    data["slug"] = summary.slug
    edit = reverse("wagtailadmin_pages:edit", args=[summary.pk])
    html = client.post(edit, data, follow=True).content.decode()
    assert "The theme “Costs” has no response yet" in html
    assert "could not be saved" not in html
    summary = SummaryPage.objects.get()
    assert not summary.live
    assert "We changed our mind." in str(summary.get_latest_revision().content)


def test_a_draft_may_be_incomplete(client, edith, closed_consultation, theme):
    client.force_login(edith)
    data = summary_form(theme, response="")
    del data["action-publish"]

    response = client.post(add_url(closed_consultation), data)

    assert response.status_code == 302
    assert SummaryPage.objects.get().live is False


def test_publishing_moves_the_consultation_and_mails_its_followers(
    client, edith, closed_consultation, theme, alice, followers, django_capture_on_commit_callbacks
):
    tagged = comment(closed_consultation, alice, body="A person should check every refusal.")
    CommentTheme.objects.create(theme=theme, comment=tagged)
    client.force_login(edith)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url(closed_consultation), summary_form(theme))

    assert response.status_code == 302
    summary = SummaryPage.objects.get()
    assert summary.live and summary.url == f"{closed_consultation.url}summary/"
    closed_consultation.refresh_from_db()
    assert closed_consultation.status == ConsultationStatus.OUTCOME_PUBLISHED
    # alice is also told that the summary cites her (tests/outcomes/test_outcomes_you_said).
    told = [message for message in mail.outbox if "is published" in message.subject]
    assert sorted(message.to[0] for message in told) == [
        "alice@example.org",
        "reader@example.net",
    ]
    message = told[0]
    assert f"{closed_consultation.url}summary/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in message.body
    notice = Notification.objects.get(user=alice, kind="consultation_outcome_published")
    assert notice.url == f"{closed_consultation.url}summary/"


def test_publishing_again_tells_nobody_twice(
    closed_consultation, theme, alice, followers, django_capture_on_commit_callbacks
):
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, alice))
    with django_capture_on_commit_callbacks(execute=True):
        summary = add_summary(closed_consultation, [(theme, "<p>We agree.</p>")])
    first = closed_consultation.__class__.objects.get(pk=closed_consultation.pk)

    assert len(mail.outbox) == 3  # the two followers, and alice, whom a theme cites
    with django_capture_on_commit_callbacks(execute=True):
        summary.save_revision().publish()

    assert len(mail.outbox) == 3
    assert ConsultationEvent.objects.filter(kind="outcome_published").count() == 1
    assert closed_consultation.__class__.objects.get(pk=first.pk).outcome_published_at == (
        first.outcome_published_at
    )


def test_publishing_an_old_revision_of_the_consultation_keeps_its_outcome(
    closed_consultation, theme, alice
):
    old = closed_consultation.save_revision()
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, alice))
    add_summary(closed_consultation, [(theme, "<p>We agree.</p>")])

    # As the editor's "publish this revision" does: the revision read from the database.
    Revision.objects.get(pk=old.pk).publish()

    closed_consultation.refresh_from_db()
    assert closed_consultation.outcome_published_at is not None


def test_the_summary_traces_each_theme_to_what_people_said(
    client, closed_consultation, theme, alice, django_assert_max_num_queries
):
    said = comment(closed_consultation, alice, body="A person should check every refusal.")
    hidden = comment(closed_consultation, alice, body="Hidden words.", state="hidden")
    CommentTheme.objects.create(theme=theme, comment=said)
    CommentTheme.objects.create(theme=theme, comment=hidden)
    add_summary(closed_consultation, [(theme, "<p>Every refusal will be reviewed.</p>")])

    page = client.get(f"{closed_consultation.url}summary/").content.decode()

    assert "Proceed with changes" in page
    assert "Human review" in page
    assert "Every refusal will be reviewed." in page
    assert reverse("discussion_comment", args=[said.pk]) in page
    assert "A person should check every refusal." in page
    assert "Hidden words" not in page
    assert reverse("discussion_comment", args=[hidden.pk]) not in page
    # The statistics are on the page, as SVG and as a table.
    assert "<svg" in page and "<table" in page
    # The consultation page links to its outcome.
    assert (
        f"{closed_consultation.url}summary/" in client.get(closed_consultation.url).content.decode()
    )


def test_the_summary_page_runs_a_fixed_number_of_queries(
    client, closed_consultation, theme, alice, django_assert_max_num_queries
):
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, alice))
    add_summary(closed_consultation, [(theme, "<p>Yes.</p>")])
    url = f"{closed_consultation.url}summary/"
    for _ in range(2):  # the route is seen, then remembered (consult.core.routes)
        client.get(url)
    with django_assert_max_num_queries(25) as captured:
        client.get(url)
    few = len(captured)
    for n in range(10):
        user = make_user(f"p{n}@example.org", group="affected")
        CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, user))
    client.get(url)  # new profiles replace the site's cached header and footer
    with django_assert_max_num_queries(few):
        client.get(url)


@pytest.mark.django_db(transaction=True)
def test_readers_on_the_live_stream_hear_that_the_outcome_is_published(
    closed_consultation, theme, alice, settings
):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, alice))

    async def scenario():
        from config.asgi import application

        socket = WebsocketCommunicator(
            application,
            f"/ws/consultations/{closed_consultation.pk}/?lang=en",
            headers=[(b"host", b"testserver"), (b"origin", b"http://testserver")],
        )
        connected, _code = await socket.connect(timeout=5)
        assert connected
        await database_sync_to_async(add_summary)(closed_consultation, [(theme, "<p>Yes.</p>")])
        event = await socket.receive_json_from(timeout=5)
        assert event["type"] == "status" and event["status"] == "outcome_published"
        await socket.disconnect()

    async_to_sync(scenario)()


def test_the_french_summary_reads_in_french_and_traces_the_same_comments(
    client, home, index_page, french, closed_consultation, theme, alice
):
    home.copy_for_translation(french).save_revision().publish()
    index_page.copy_for_translation(french).save_revision().publish()
    french_consultation = closed_consultation.copy_for_translation(french)
    french_consultation.save_revision().publish()
    said = comment(closed_consultation, alice, body="Une personne doit vérifier.")
    CommentTheme.objects.create(theme=theme, comment=said)
    summary = add_summary(closed_consultation, [(theme, "<p>We agree.</p>")])
    french_summary = summary.copy_for_translation(french)
    french_summary.title = "Ce que nous avons entendu"
    french_response = french_summary.theme_responses.get()
    french_response.heading, french_response.response = "Contrôle humain", "<p>D'accord.</p>"
    french_response.save()
    french_summary.save_revision().publish()

    page = client.get("/fr/consultations/benefits-chatbot/summary/").content.decode()

    assert '<html lang="fr">' in page
    # Named with its consultation, as each summary's title says which one it is.
    # French puts a no-break space before the colon.
    assert f"<h1>{french_consultation.title}\u00a0: Ce que nous avons entendu</h1>" in page
    assert "Poursuivre avec des changements" in page
    assert "Contrôle humain" in page and "D'accord." in page
    assert reverse("discussion_comment", args=[said.pk]) in page
    assert "Participants par groupe de parties prenantes" in page
    assert "Une personne doit vérifier." in page


def test_the_editor_offers_only_this_consultations_themes(
    client, edith, closed_consultation, consultation, theme
):
    Theme.objects.create(consultation=consultation, name="Elsewhere")
    client.force_login(edith)

    page = client.get(add_url(closed_consultation)).content.decode()

    assert "Human review" in page
    assert "Elsewhere" not in page


def test_the_summary_names_its_consultation_who_decides_and_what_happens_next(
    client, closed_consultation, theme, alice
):
    CommentTheme.objects.create(
        theme=theme, comment=comment(closed_consultation, alice, body="Check every refusal.")
    )
    summary = add_summary(closed_consultation, [(theme, "<p>We agree.</p>")], publish=False)
    summary.next_steps = "A six-month pilot, with a public review at its end."
    summary.next_steps_on = timezone.localdate().replace(year=timezone.localdate().year + 1)
    summary.save_revision().publish()
    body = closed_consultation.ai_system.deploying_body

    page = client.get(f"{closed_consultation.url}summary/").content.decode()

    title = f"{closed_consultation.title}: {summary.title}"
    assert f"<title>{title} · Consult</title>" in page
    assert f"<h1>{title}</h1>" in page
    assert f"<dt>Who decides</dt><dd>{body}</dd>" in page
    assert "A six-month pilot, with a public review at its end." in page
    assert summary.next_steps_on.isoformat() in page

    download = client.get(f"{closed_consultation.url}summary/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "text/plain; charset=utf-8"
    assert download["Content-Disposition"] == (
        f'attachment; filename="{closed_consultation.slug}-summary.txt"'
    )
    text = download.content.decode()
    assert text.startswith(title)
    assert f"Who decides: {body}" in text
    assert '"Check every refusal." (' in text
    assert "<p>" not in text


def test_a_follower_from_the_french_page_gets_the_french_summary_link(
    client, home, index_page, french, closed_consultation, theme, alice,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    home.copy_for_translation(french).save_revision().publish()
    index_page.copy_for_translation(french).save_revision().publish()
    french_consultation = closed_consultation.copy_for_translation(french)
    french_consultation.save_revision().publish()
    # Alice's profile says English; she followed from the French page.
    client.force_login(alice)
    client.post(reverse("outcomes:follow", args=[french_consultation.pk]))
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, alice))
    summary = add_summary(closed_consultation, [(theme, "<p>We agree.</p>")], publish=False)
    french_summary = summary.copy_for_translation(french)

    with django_capture_on_commit_callbacks(execute=True):
        french_summary.save_revision().publish()
        summary.save_revision().publish()

    # The follower's mail (with its unsubscribe header); the other tells alice that a theme
    # cites her.
    (message,) = [message for message in mail.outbox if "List-Unsubscribe" in message.extra_headers]
    assert "/fr/consultations/benefits-chatbot/summary/" in message.body
