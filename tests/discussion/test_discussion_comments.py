"""Posting, replying, editing and removing comments, through the HTTP client."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone
from wagtail.models import Locale

from consult.consultations.models import ModerationMode
from consult.discussion.models import Comment, CommentRevision, CommentState
from consult.discussion.queries import THREADS_PER_PAGE
from consult.moderation.models import PrescreenSettings, PrescreenTermList, RuleCode

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def compose_url(page) -> str:
    return f"/consultations/{page.pk}/comments/"


def test_a_participant_posts_a_comment_without_javascript(client, alice, consultation):
    client.force_login(alice)

    response = client.post(
        compose_url(consultation), {"body": "Cameras *everywhere*?", "display_mode": "named"}
    )

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{consultation.url}#comment-{comment.pk}"
    assert comment.consultation_id == consultation.pk
    assert comment.body_html == "<p>Cameras <em>everywhere</em>?</p>"
    assert comment.author_stakeholder_group == "affected"
    page = client.get(response["Location"]).content.decode()
    assert "Your comment is published." in page
    assert f'id="comment-{comment.pk}"' in page
    assert "<em>everywhere</em>" in page


def test_posting_with_javascript_returns_the_fragment(client, alice, consultation):
    client.force_login(alice)

    response = client.post(
        compose_url(consultation), {"body": "Hello", "display_mode": "named"}, **JSON
    )

    assert response.status_code == 201
    data = response.json()
    assert data["ok"] is True
    assert data["parent"] is None
    assert f'id="comment-{data["id"]}"' in data["html"]
    assert "Alice Martin" in data["html"]
    assert data["held"] is False
    assert data["message"] == "Your comment is published."
    assert "Waiting for review" not in data["html"]


@pytest.mark.parametrize("held_by", ["premoderation", "prescreen"])
def test_a_held_comment_posted_with_javascript_says_it_waits_for_review(
    held_by, client, alice, make_consultation
):
    if held_by == "premoderation":
        consultation = make_consultation(moderation_mode=ModerationMode.PRE)
    else:
        consultation = make_consultation()
        prescreen = PrescreenSettings.load()
        PrescreenTermList.objects.create(
            prescreen=prescreen, language="en", rule_code=RuleCode.HATE_SPEECH, terms="vermin"
        )
        prescreen.save()
    client.force_login(alice)

    response = client.post(
        compose_url(consultation), {"body": "They are vermin.", "display_mode": "named"}, **JSON
    )

    assert response.status_code == 201
    data = response.json()
    assert Comment.objects.get(pk=data["id"]).state == CommentState.HELD
    assert data["held"] is True
    assert data["message"].startswith("Your comment is waiting for review")
    assert "Waiting for review" in data["html"]
    assert "They are vermin." in data["html"]


def test_invalid_comment_with_javascript_returns_the_form_with_errors(client, alice, consultation):
    client.force_login(alice)

    response = client.post(
        compose_url(consultation), {"body": "  ", "display_mode": "named"}, **JSON
    )

    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert 'class="errorlist"' in response.json()["html"]
    assert not Comment.objects.exists()


def test_replies_nest_to_depth_three_then_list_flat(
    client, alice, bob, consultation, post_comment, page_html
):
    chain = [post_comment(consultation, alice, "level 0")]
    for level in range(1, 6):
        chain.append(
            post_comment(
                consultation, bob if level % 2 else alice, f"level {level}", parent=chain[-1]
            )
        )

    html = page_html(consultation)

    assert [c.depth for c in chain] == [0, 1, 2, 3, 4, 5]
    assert {c.thread_id for c in chain[1:]} == {chain[0].pk}
    for comment, level in zip(chain, [0, 1, 2, 3, 3, 3], strict=True):
        assert f'comment--level-{level}" id="comment-{comment.pk}"' in html
    assert "in reply to Alice Martin" in html
    assert "in reply to Bob Keller" in html


def test_reply_without_javascript_has_its_own_page(client, alice, bob, consultation, post_comment):
    parent = post_comment(consultation, bob, "The parent")
    client.force_login(alice)

    form = client.get(compose_url(consultation), {"parent": parent.pk})
    response = client.post(
        compose_url(consultation), {"body": "A reply", "display_mode": "named", "parent": parent.pk}
    )

    assert form.status_code == 200
    assert "The parent" in form.content.decode()
    assert f'name="parent" value="{parent.pk}"' in form.content.decode()
    assert response.status_code == 302
    reply = Comment.objects.get(body_source="A reply")
    assert reply.parent == parent and reply.thread == parent and reply.depth == 1


def test_reply_to_a_comment_of_another_consultation_is_refused(
    client, alice, bob, consultation, make_consultation, post_comment
):
    elsewhere = post_comment(make_consultation("Elsewhere"), bob, "Elsewhere")
    client.force_login(alice)

    response = client.post(
        compose_url(consultation),
        {"body": "A reply", "display_mode": "named", "parent": elsewhere.pk},
    )

    assert response.status_code == 404
    assert Comment.objects.count() == 1


def test_the_reply_page_of_a_held_comment_shows_it_to_its_author_and_moderators_only(
    client, alice, bob, mona, consultation, post_comment
):
    # A held comment waits for a moderator, often for what it says about someone: the reply
    # page must not show it to whoever guesses its number.
    held = post_comment(consultation, bob, "Waiting for a moderator.")
    Comment.objects.filter(pk=held.pk).update(state=CommentState.HELD)
    # Only a moderator with a second factor moderates.
    Authenticator.objects.create(
        user=mona, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(alice)

    for ask in (
        lambda: client.get(compose_url(consultation), {"parent": held.pk}),
        lambda: client.get(compose_url(consultation), {"parent": held.pk}, **JSON),
        lambda: client.post(
            compose_url(consultation),
            {"body": "A reply", "display_mode": "named", "parent": held.pk},
        ),
    ):
        response = ask()
        assert response.status_code == 404
        assert "Waiting for a moderator." not in response.content.decode()
    for reader in (bob, mona):
        client.force_login(reader)
        response = client.get(compose_url(consultation), {"parent": held.pk})
        assert "Waiting for a moderator." in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("parent", ["²", "\u0661\u0662", str(10**20), "9" * 10_000, "-1", "x"])
def test_a_parent_that_is_no_comment_id_is_not_found(client, alice, consultation, parent):
    client.force_login(alice)

    assert client.get(compose_url(consultation), {"parent": parent}).status_code == 404
    response = client.post(
        compose_url(consultation), {"body": "A reply", "display_mode": "named", "parent": parent}
    )
    assert response.status_code == 404


def test_the_author_edits_within_the_window_and_a_revision_is_kept(
    client, alice, consultation, post_comment, page_html
):
    comment = post_comment(consultation, alice, "First words")
    client.force_login(alice)

    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Better words"})

    comment.refresh_from_db()
    assert response.status_code == 302
    assert comment.body_source == "Better words"
    assert comment.edited_at is not None
    revision = CommentRevision.objects.get()
    assert revision.body_source == "First words"
    assert "(edited)" in page_html(consultation)


def test_editing_in_place_with_javascript(client, alice, bob, consultation, post_comment):
    comment = post_comment(consultation, alice, "First words")
    client.force_login(alice)

    form = client.get(f"/comments/{comment.pk}/edit/", **JSON).json()
    empty = client.post(f"/comments/{comment.pk}/edit/", {"body": "   "}, **JSON)
    saved = client.post(f"/comments/{comment.pk}/edit/", {"body": "*Better* words"}, **JSON)

    assert form["ok"] is True
    assert "data-discussion-edit-form" in form["html"]
    assert "First words</textarea>" in form["html"]
    # A refused edit comes back as the form, with the message beside the field.
    assert empty.status_code == 400
    assert "Write something" in empty.json()["html"] or "required" in empty.json()["html"]
    assert saved.status_code == 200
    assert saved.json()["html"].strip() == (
        '<div class="prose comment__body" lang="en"><p><em>Better</em> words</p></div>'
    )
    assert saved.json()["message"] == "Your comment is updated."
    assert saved.json()["edited"] == "edited"
    comment.refresh_from_db()
    assert comment.body_source == "*Better* words"
    client.force_login(bob)
    refused = client.get(f"/comments/{comment.pk}/edit/", **JSON)
    assert refused.status_code == 403
    assert refused.json() == {"ok": False, "error": "You can only change your own comments."}


def test_editing_after_the_window_is_refused(client, alice, consultation, post_comment, settings):
    comment = post_comment(consultation, alice, "First words")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - settings.CONSULT_COMMENT_EDIT_WINDOW - timedelta(seconds=1)
    )
    client.force_login(alice)

    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Too late"})

    assert response.status_code == 403
    assert "15 minutes" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body_source == "First words"


def test_nobody_edits_someone_elses_comment(client, alice, bob, consultation, post_comment):
    comment = post_comment(consultation, alice, "Mine")
    client.force_login(bob)

    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Hijacked"})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body_source == "Mine"


def test_removing_a_comment_without_replies_makes_it_disappear(
    client, alice, consultation, post_comment, page_html
):
    comment = post_comment(consultation, alice, "Regrettable")
    client.force_login(alice)

    response = client.post(f"/comments/{comment.pk}/delete/")

    comment.refresh_from_db()
    assert response.status_code == 302
    assert comment.state == CommentState.REMOVED_BY_AUTHOR
    assert comment.body_source == ""
    html = page_html(consultation)
    assert f'id="comment-{comment.pk}"' not in html
    assert "Regrettable" not in html


def test_removing_a_comment_with_replies_leaves_a_tombstone(
    client, alice, bob, consultation, post_comment, page_html
):
    comment = post_comment(consultation, alice, "Regrettable")
    post_comment(consultation, bob, "A reply", parent=comment)
    client.force_login(alice)

    client.post(f"/comments/{comment.pk}/delete/")

    html = page_html(consultation)
    assert f'id="comment-{comment.pk}"' in html
    assert "This comment was removed by its author." in html
    assert "Regrettable" not in html
    assert "A reply" in html


def test_nobody_removes_someone_elses_comment(client, alice, bob, consultation, post_comment):
    comment = post_comment(consultation, alice, "Mine")
    client.force_login(bob)

    client.post(f"/comments/{comment.pk}/delete/")

    comment.refresh_from_db()
    assert comment.state == CommentState.VISIBLE


def test_sorting_newest_oldest_and_most_agreed(
    client, alice, consultation, post_comment, page_html
):
    first = post_comment(consultation, alice, "first")
    second = post_comment(consultation, alice, "second")
    third = post_comment(consultation, alice, "third")
    Comment.objects.filter(pk=first.pk).update(agree_count=5)
    Comment.objects.filter(pk=third.pk).update(agree_count=2)

    def order(sort):
        html = page_html(consultation, sort=sort)
        return sorted(
            (html.index(f'id="comment-{c.pk}"'), c.body_source) for c in (first, second, third)
        )

    assert [body for _, body in order("newest")] == ["third", "second", "first"]
    assert [body for _, body in order("oldest")] == ["first", "second", "third"]
    assert [body for _, body in order("agreed")] == ["first", "third", "second"]
    # A made-up sort is sent to the page's own address, in the default order.
    response = client.get(consultation.url, {"sort": "nonsense"})
    assert response.status_code == 302
    assert response["Location"] == consultation.url


def test_threads_are_paged_and_the_permalink_opens_the_right_page(
    client, alice, bob, consultation, post_comment, page_html
):
    threads = [
        post_comment(consultation, alice, f"thread {n}") for n in range(THREADS_PER_PAGE + 3)
    ]
    oldest_reply = post_comment(consultation, bob, "reply on the oldest", parent=threads[0])

    first_page = page_html(consultation)
    second_page = page_html(consultation, page=2)
    response = client.get(f"/comments/{oldest_reply.pk}/")

    assert f'id="comment-{threads[-1].pk}"' in first_page
    assert f'id="comment-{threads[0].pk}"' not in first_page
    assert f'id="comment-{oldest_reply.pk}"' in second_page
    assert response.status_code == 302
    assert response["Location"] == f"{consultation.url}?page=2#comment-{oldest_reply.pk}"
    assert client.get(f"/comments/{threads[-1].pk}/")["Location"] == (
        f"{consultation.url}#comment-{threads[-1].pk}"
    )


def test_the_links_to_sorts_and_pages_mark_the_current_ones(
    client, alice, consultation, post_comment, page_html
):
    for n in range(THREADS_PER_PAGE + 1):
        post_comment(consultation, alice, f"thread {n}")

    for sort, number in (("newest", 1), ("newest", 2), ("oldest", 2)):
        html = page_html(consultation, sort=sort, page=number)
        other = 3 - number
        assert f'<a href="?sort={sort}#comments" aria-current="true">' in html
        assert f'<a href="?sort={sort}&amp;page={number}#comments" aria-current="page">' in html
        assert f'<a href="?sort={sort}&amp;page={other}#comments">{other}</a>' in html


def test_permalink_of_a_missing_comment_is_404(client, db):
    assert client.get("/comments/999999/").status_code == 404


def test_anonymous_readers_see_comments_but_no_forms(
    client, alice, consultation, post_comment, page_html
):
    post_comment(consultation, alice, "Visible to all")

    html = page_html(consultation)

    assert "Visible to all" in html
    assert "data-discussion-comment-form" not in html
    assert "data-discussion-reaction" not in html
    assert "csrfmiddlewaretoken" not in html
    assert "Sign in" in html


def test_anonymous_posting_redirects_to_sign_in(client, consultation):
    response = client.post(compose_url(consultation), {"body": "Hi", "display_mode": "named"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Comment.objects.exists()


def test_english_and_french_pages_share_one_discussion(client, alice, consultation, page_html):
    french_locale = Locale.objects.create(language_code="fr")
    home = consultation.get_parent().get_parent().specific
    home.copy_for_translation(french_locale).save_revision().publish()
    consultation.get_parent().specific.copy_for_translation(french_locale).save_revision().publish()
    french = consultation.copy_for_translation(french_locale)
    french.save_revision().publish()
    client.force_login(alice)

    response = client.post(
        compose_url(french), {"body": "Posté en français", "display_mode": "named"}
    )

    comment = Comment.objects.get()
    assert comment.consultation_id == consultation.pk
    assert response["Location"].startswith(french.url)
    assert "Posté en français" in page_html(consultation)
    assert client.get(f"/fr/comments/{comment.pk}/")["Location"].startswith(french.url)


def test_ids_in_anchors_and_links_are_never_grouped(client, alice, bob, consultation, settings):
    # Were thousands grouped ("12,345"), permalinks, replies and reactions would break.
    settings.USE_THOUSAND_SEPARATOR = True
    Comment.objects.create(
        pk=12345,
        consultation=consultation,
        author=bob,
        author_display_mode="named",
        author_stakeholder_group="academic",
        body_source="Counted.",
        body_html="<p>Counted.</p>",
    )
    client.force_login(alice)

    html = client.get(consultation.url).content.decode()

    assert 'id="comment-12345"' in html and 'data-comment-id="12345"' in html
    assert "?parent=12345" in html and 'data-reply-to="12345"' in html
    assert 'id="reactions-12345"' in html


def test_a_comment_keeps_the_language_of_the_page_it_was_posted_from(
    client, alice, consultation, page_html
):
    client.force_login(alice)

    client.post(
        f"/fr/consultations/{consultation.pk}/comments/",
        {"body": "Je prends la ligne 4 chaque matin.", "display_mode": "named"},
    )
    client.post(
        f"/consultations/{consultation.pk}/comments/",
        {"body": "I ride line 4 every morning.", "display_mode": "named"},
    )

    assert dict(Comment.objects.values_list("body_source", "language")) == {
        "Je prends la ligne 4 chaque matin.": "fr",
        "I ride line 4 every morning.": "en",
    }
    html = page_html(consultation)
    # Read in a French voice on the English page, and the English one in English.
    assert '<div class="prose comment__body" lang="fr"><p>Je prends la ligne 4' in html
    assert '<div class="prose comment__body" lang="en"><p>I ride line 4' in html
