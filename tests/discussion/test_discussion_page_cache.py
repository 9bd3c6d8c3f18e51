"""The anonymous consultation page comes from the cache, and no reader ever sees it stale.

alice, bob and carol are verified participants; anonymous readers use a client with no
cookies.
"""

import re
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, PageViewRestriction, Site

from accounts.models import User
from accounts.services import profile_create
from cms.models import SiteSettings
from consult.discussion import services
from consult.discussion.models import Comment
from consult.moderation.models import HouseRule, RuleCode
from tests.discussion.discussion_support import pressed_reactions

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')
# What a page served from the cache costs: with the database cache (SQLite runs) the two
# queries that read the page and its versions there; with Redis, none.
FROM_THE_CACHE = 2


def anonymous_get(consultation, **params):
    response = Client().get(consultation.url, params)
    assert response.status_code == 200
    return response


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_cached_page_is_served_without_the_database(
    consultation, alice, post_comment, django_assert_max_num_queries
):
    post_comment(consultation, alice, "Cameras at every gate.")
    first = anonymous_get(consultation)

    with django_assert_max_num_queries(FROM_THE_CACHE):
        second = anonymous_get(consultation)

    html = second.content.decode()
    assert "Cameras at every gate." in html
    assert NONCE.sub("", html) == NONCE.sub("", first.content.decode())
    assert not second.cookies
    assert "csrfmiddlewaretoken" not in html
    assert "Cookie" in second["Vary"]


def test_each_cached_page_gets_its_own_nonce(consultation):
    anonymous_get(consultation)

    responses = [anonymous_get(consultation) for _ in range(2)]

    nonces = [set(NONCE.findall(r.content.decode())) for r in responses]
    assert all(len(found) == 1 for found in nonces)
    assert nonces[0] != nonces[1]
    for response, (nonce,) in zip(responses, nonces, strict=True):
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_a_comment_posted_shows_on_the_next_anonymous_page(consultation, alice):
    anonymous_get(consultation)

    posted = signed_in(alice).post(
        f"/consultations/{consultation.pk}/comments/",
        {"body": "A fresh worry about misidentification.", "display_mode": "named"},
    )

    assert posted.status_code == 302
    assert "A fresh worry about misidentification." in anonymous_get(consultation).content.decode()


@pytest.mark.parametrize("write", ["edit", "delete", "reaction", "position"])
def test_every_write_replaces_the_cached_page(write, consultation, alice, bob, post_comment):
    comment = post_comment(consultation, alice, "The first version.")
    before = anonymous_get(consultation).content.decode()
    assert "Agree 0" in before

    if write == "edit":
        services.comment_edit(comment=comment, author=alice, body="The second version.")
        expected = "The second version."
    elif write == "delete":
        services.comment_delete(comment=comment, author=alice)
        expected = "No comments yet."
    elif write == "reaction":
        services.reaction_set(comment=comment, user=bob, value="agree")
        expected = "Agree 1"
    else:
        services.position_set(consultation=consultation, user=bob, stance="support")
        expected = "Positions on the proposal, by stakeholder group"

    assert expected not in before
    assert expected in anonymous_get(consultation).content.decode()


def test_sorts_and_pages_are_cached_apart(consultation, alice, post_comment):
    older = post_comment(consultation, alice, "The older comment.")
    newer = post_comment(consultation, alice, "The newer comment.")
    Comment.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=1))
    services.comment_counters_rebuild(consultation=consultation)

    newest = anonymous_get(consultation, sort="newest").content.decode()
    oldest = anonymous_get(consultation, sort="oldest").content.decode()

    assert newest.index(f"comment-{newer.pk}") < newest.index(f"comment-{older.pk}")
    assert oldest.index(f"comment-{older.pk}") < oldest.index(f"comment-{newer.pk}")


def test_signed_in_readers_never_get_the_cached_page(consultation, alice, bob, post_comment):
    post_comment(consultation, bob, "Who keeps the images?")
    anonymous_get(consultation)

    html = signed_in(alice).get(consultation.url).content.decode()

    assert "Sign out" in html
    assert "data-discussion-comment-form" in html
    # Nor is what they were shown kept for anyone else.
    assert "Sign out" not in anonymous_get(consultation).content.decode()


def test_a_reader_with_a_message_gets_it(consultation, alice):
    anonymous_get(consultation)
    client = signed_in(alice)
    client.post("/accounts/logout/")

    html = client.get(consultation.url).content.decode()

    assert "You have signed out." in html
    assert "You have signed out." not in anonymous_get(consultation).content.decode()


def test_publishing_an_edit_replaces_the_cached_page(consultation):
    anonymous_get(consultation)

    consultation.title = "Face recognition at stations, revised"
    consultation.save_revision().publish()

    html = anonymous_get(consultation).content.decode()
    assert "Face recognition at stations, revised" in html


@pytest.mark.parametrize("restriction_type", ["login", "password"])
def test_a_page_made_private_is_no_longer_served_to_anonymous_readers(
    restriction_type, consultation
):
    assert "Face recognition at stations" in anonymous_get(consultation).content.decode()

    # Saved from the page's privacy dialog in the admin: a row, and nothing published.
    restriction = PageViewRestriction.objects.create(
        page=consultation, restriction_type=restriction_type, password="a shared secret"
    )
    response = Client().get(consultation.url)

    assert response.status_code in (200, 302)
    assert "Face recognition at stations" not in response.content.decode()
    if restriction_type == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    restriction.delete()
    assert "Face recognition at stations" in anonymous_get(consultation).content.decode()


def test_the_page_that_closes_is_not_served_open(consultation, monkeypatch):
    assert "This consultation is open." in anonymous_get(consultation).content.decode()

    later = consultation.closes_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    html = anonymous_get(consultation).content.decode()
    assert "This consultation is open." not in html
    assert "This consultation closed on" in html


def participant(email: str):
    user = User.objects.create_user(email=email, password="correct horse battery staple")
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    profile_create(user=user, display_name=email.split("@")[0].title())
    return user


def test_a_thread_shared_between_readers_carries_each_reader_own_token(
    consultation, alice, bob, post_comment
):
    comment = post_comment(consultation, alice, "Shall we react?")
    # Bob's view of the thread fills the cache for every participant who sees it alike.
    signed_in(bob).get(consultation.url)
    carol = Client(enforce_csrf_checks=True)
    carol.force_login(participant("carol@example.org"))

    html = carol.get(consultation.url).content.decode()
    form = re.search(
        rf'action="/comments/{comment.pk}/reactions/".*?name="csrfmiddlewaretoken" value="([^"]+)"',
        html,
        re.DOTALL,
    )
    reacted = carol.post(
        f"/comments/{comment.pk}/reactions/", {"csrfmiddlewaretoken": form[1], "value": "agree"}
    )

    assert reacted.status_code == 302
    assert comment.reactions.get().value == "agree"


def test_a_reader_sees_their_own_reaction_and_no_one_else_does(
    consultation, alice, bob, post_comment
):
    comment = post_comment(consultation, alice, "Shall we react?")
    services.reaction_set(comment=comment, user=bob, value="disagree")
    carol = signed_in(participant("carol@example.org"))

    def pressed(client):
        return pressed_reactions(client.get(consultation.url).content.decode())

    assert pressed(signed_in(bob)) == ["Disagree"]
    assert pressed(carol) == []
    assert pressed(signed_in(bob)) == ["Disagree"]


def test_a_new_display_name_replaces_the_cached_page(consultation, bob, post_comment):
    post_comment(consultation, bob, "Signed with my name.")
    assert "Bob Keller" in anonymous_get(consultation).content.decode()

    bob.profile.display_name = "Robert Keller"
    bob.profile.save()

    assert "Robert Keller" in anonymous_get(consultation).content.decode()


# Signed-in readers get their page rendered, but its route and its editorial fragments come
# from memory while the site version stands: every editorial change must show at once.


def test_a_remembered_route_follows_a_moved_or_unpublished_page(consultation, bob):
    reader = signed_in(bob)
    old_url = consultation.url
    for _ in range(3):  # seen, remembered, served from memory
        assert reader.get(old_url).status_code == 200

    consultation.slug = "face-recognition-renamed"
    consultation.save_revision().publish()
    consultation.refresh_from_db()

    assert consultation.url != old_url
    assert reader.get(old_url).status_code == 404
    assert reader.get(consultation.url).status_code == 200
    consultation.unpublish()
    assert reader.get(consultation.url).status_code == 404


def test_a_remembered_route_applies_a_privacy_restriction_added_later(consultation, bob):
    from django.contrib.auth.models import Group

    reader = signed_in(bob)
    for _ in range(3):  # seen, remembered (with no restriction), served from memory
        assert reader.get(consultation.url).status_code == 200

    insiders = Group.objects.create(name="Insiders")
    restriction = PageViewRestriction.objects.create(
        page=consultation, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)

    # Signed in but outside the group: the read gate's 404, not a sign-in form.
    assert reader.get(consultation.url).status_code == 404
    bob.groups.add(insiders)
    assert reader.get(consultation.url).status_code == 200


def test_a_remembered_page_row_holds_nothing_an_earlier_request_set_on_it(consultation, bob):
    reader = signed_in(bob)
    for _ in range(2):  # seen, then remembered
        reader.get(consultation.url)
    first = reader.get(consultation.url).context["page"]
    first.title = "Changed by one request"
    first.note_for_later = "kept?"

    page = reader.get(consultation.url).context["page"]
    assert page is not first
    assert page.title == consultation.title
    assert not hasattr(page, "note_for_later")


def test_editorial_fragments_change_at_once_for_signed_in_readers(consultation, bob):
    from wagtail.models import Site

    from cms.models import SiteSettings

    reader = signed_in(bob)
    for _ in range(2):
        html = reader.get(consultation.url).content.decode()
    assert "Metro Authority of Nowhere" not in html

    settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.organisation_name = "Metro Authority of Nowhere"
    settings_row.save()
    consultation.title = "Face recognition at stations, second draft"
    consultation.save_revision().publish()

    html = reader.get(consultation.url).content.decode()
    assert html.count("Metro Authority of Nowhere") == 2  # header and footer
    assert "<h1>Face recognition at stations, second draft</h1>" in html


def test_a_preview_shows_the_draft_and_never_the_kept_fragments(consultation, bob):
    # Readers at the site's own address, where Wagtail's previews are asked for.
    host = {"HTTP_HOST": urlsplit(consultation.full_url).netloc}
    reader = signed_in(bob)
    for client in (Client(**host), reader):
        client.get(consultation.url, **host)
    live_title = consultation.title

    # What Wagtail previews: the editor's unsaved form, as the page it would publish, with
    # the editor's cookies (their request's), or with none.
    consultation.title = "Face recognition at stations, draft for review"
    editors_request = reader.get("/", **host).wsgi_request
    previews = [
        consultation.make_preview_request(original, consultation.default_preview_mode)
        for original in (editors_request, None)
    ]
    page = reader.get(consultation.url, **host).content.decode()

    for preview in previews:
        assert preview.status_code == 200
        assert "<h1>Face recognition at stations, draft for review</h1>" in (
            preview.content.decode()
        )
    # Nor is the draft kept for readers.
    assert f"<h1>{live_title}</h1>" in page and "draft for review" not in page


def test_fragments_never_carry_someone_elses_account_links(consultation, alice, bob):
    first = signed_in(alice).get(consultation.url).content.decode()
    second = Client().get(consultation.url).content.decode()

    assert "Sign out" in first
    assert "Sign out" not in second and "Sign in" in second
    assert "csrfmiddlewaretoken" not in second


@pytest.fixture
def two_pages(consultation, alice, post_comment):
    threads = [post_comment(consultation, alice, f"Thread {n}.") for n in range(21)]
    return consultation, threads


def made_up_addresses(url: str) -> list[tuple[str, str]]:
    """(address, where it must be redirected): 96 made-up sorts and pages of a consultation
    whose discussion has two pages."""
    addresses = []
    for n in range(32):
        addresses.append((f"{url}?page={3 + n}", f"{url}?page=2"))  # past the last page
        addresses.append((f"{url}?page={('0', '-', 'x', '2.')[n % 4]}{n}", url))
        addresses.append((f"{url}?sort=made-up-{n}", url))
    return addresses


def test_made_up_sorts_and_pages_neither_fill_nor_empty_the_cache(
    two_pages, django_assert_max_num_queries
):
    consultation, _threads = two_pages
    page = anonymous_get(consultation).content.decode()

    for address, canonical in made_up_addresses(consultation.url):
        response = Client().get(address)
        assert response.status_code == 302, address
        assert response["Location"] == canonical, address

    with django_assert_max_num_queries(FROM_THE_CACHE):
        again = anonymous_get(consultation).content.decode()
    assert NONCE.sub("", again) == NONCE.sub("", page)


def test_a_page_past_the_last_once_found_is_redirected_before_any_rendering(
    two_pages, alice, post_comment, django_assert_max_num_queries
):
    consultation, _threads = two_pages
    anonymous_get(consultation)
    found = Client().get(consultation.url, {"page": 3})
    assert found.status_code == 302 and found["Location"] == f"{consultation.url}?page=2"

    # Known now: no rendering.
    with django_assert_max_num_queries(FROM_THE_CACHE):
        later = Client().get(f"{consultation.url}?sort=oldest&page=9")
    assert later["Location"] == f"{consultation.url}?sort=oldest&page=2"

    # Until the discussion changes: twenty more threads make a third page.
    for n in range(20):
        post_comment(consultation, alice, f"Later thread {n}.")
    assert Client().get(consultation.url, {"page": 3}).status_code == 200


def test_each_real_sort_and_page_is_cached_at_its_own_address(
    two_pages, django_assert_max_num_queries
):
    consultation, threads = two_pages
    url = consultation.url
    expected = {
        "": threads[-1],
        "?page=2": threads[0],
        "?sort=oldest": threads[0],
        "?sort=oldest&page=2": threads[-1],
        "?sort=agreed": threads[-1],
        "?sort=common_ground&page=1": threads[-1],
        "?sort=newest&page=2": threads[0],
    }
    for query, first in expected.items():
        html = Client().get(f"{url}{query}").content.decode()
        with django_assert_max_num_queries(FROM_THE_CACHE):
            again = Client().get(f"{url}{query}")
        assert again.status_code == 200
        assert NONCE.sub("", again.content.decode()) == NONCE.sub("", html)
        first_thread = re.search(r'id="comment-(\d+)"', html).group(1)
        assert first_thread == str(first.pk), query


def test_a_listing_asked_for_in_another_form_is_sent_to_its_address(two_pages, alice):
    consultation, _threads = two_pages
    url = consultation.url

    for query, canonical in [
        ("page=2&sort=oldest", f"{url}?sort=oldest&page=2"),
        ("sort=agreed&sort=oldest", f"{url}?sort=oldest"),
        ("sort=made-up&page=2", f"{url}?page=2"),
        ("sort=%6Fldest", f"{url}?sort=oldest"),
        ("sort=agreed&page=9", f"{url}?sort=agreed&page=2"),
    ]:
        response = Client().get(f"{url}?{query}")
        assert response.status_code == 302, query
        assert response["Location"] == canonical, query
    # Signed in too, where the page is rendered for its reader.
    assert signed_in(alice).get(f"{url}?page=9")["Location"] == f"{url}?page=2"


def fresh_cache(settings) -> None:
    """Nothing kept from before: every version is new under a fresh cache prefix."""
    caches = {**settings.CACHES}
    caches["default"] = {**caches["default"], "KEY_PREFIX": f"fresh-{uuid.uuid4().hex}"}
    settings.CACHES = caches


@pytest.mark.parametrize("write", ["reaction", "edit"])
def test_a_change_inside_a_thread_renders_that_thread_alone(
    write, settings, consultation, alice, bob, post_comment, django_assert_max_num_queries
):
    # Without Redis the cache is a database table, and its queries would be counted too.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"thread-alone-{write}",
        },
    }
    changed = post_comment(consultation, alice, "Cameras at every gate.")
    reply = post_comment(consultation, bob, "Nobody asked the travellers.", parent=changed)
    for n in range(4):
        post_comment(consultation, bob, f"Another thread, number {n}.")
    anonymous_get(consultation)
    with django_assert_max_num_queries(0):
        anonymous_get(consultation)

    if write == "reaction":
        services.reaction_set(comment=reply, user=alice, value="agree")
        expected = "Agree 1"
    else:
        services.comment_edit(comment=changed, author=alice, body="Cameras at some gates.")
        expected = "Cameras at some gates."
    # The page's row and the rows of the threads that changed (their replies with them), in
    # two queries: the whole page costs many more.
    with django_assert_max_num_queries(2):
        html = anonymous_get(consultation).content.decode()
    fresh_cache(settings)
    afresh = anonymous_get(consultation).content.decode()

    assert expected in html
    assert NONCE.sub("", html) == NONCE.sub("", afresh)
    with django_assert_max_num_queries(0):
        assert NONCE.sub("", anonymous_get(consultation).content.decode()) == NONCE.sub("", html)


def test_a_reaction_reorders_the_listing_sorted_by_agreement(
    settings, consultation, alice, bob, post_comment
):
    older = post_comment(consultation, alice, "The older comment.")
    post_comment(consultation, alice, "The newer comment.")
    first = re.compile(r'id="comment-(\d+)"')
    before = anonymous_get(consultation, sort="agreed").content.decode()
    assert first.search(before).group(1) != str(older.pk)

    services.reaction_set(comment=older, user=bob, value="agree")

    after = anonymous_get(consultation, sort="agreed").content.decode()
    assert first.search(after).group(1) == str(older.pk)
    fresh_cache(settings)
    assert NONCE.sub("", after) == NONCE.sub(
        "", anonymous_get(consultation, sort="agreed").content.decode()
    )


def _add_a_house_rule():
    HouseRule.objects.create(code=RuleCode.values[0], title="Be kind", locale=Locale.get_default())


def _save_the_site_settings():
    SiteSettings.for_site(Site.objects.get(is_default_site=True)).save()


def _add_a_document():
    get_document_model().objects.create(title="Annex", file=ContentFile(b"annex", name="a.txt"))


def _add_a_locale():
    Locale.objects.create(language_code="fr")


def _delete_an_account():
    User.objects.create_user(email="leaving@example.org", password="x" * 12).delete()


@pytest.mark.parametrize(
    "change",
    [
        _add_a_house_rule,
        _save_the_site_settings,
        _add_a_document,
        _add_a_locale,
        _delete_an_account,
    ],
    ids=lambda change: change.__name__.strip("_"),
)
def test_an_editorial_change_is_never_answered_from_memory(
    change, consultation, django_assert_max_num_queries
):
    # Each app names the rows its pages show (consult.core.versions.site_shows): a page
    # kept before one of them changed must be rendered afresh.
    anonymous_get(consultation)
    with django_assert_max_num_queries(FROM_THE_CACHE):
        anonymous_get(consultation)

    change()

    with CaptureQueriesContext(connection) as rendered:
        anonymous_get(consultation)
    assert len(rendered) > FROM_THE_CACHE
