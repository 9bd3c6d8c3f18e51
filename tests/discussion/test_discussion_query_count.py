"""The consultation page runs a fixed number of queries whatever the size of its discussion,
and a reaction a fixed number whatever it changes."""

import copy
import itertools

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from accounts.models import Profile, User
from consult.consultations.models import ConsultationPage
from consult.consultations.models.pages import PAGE_CONTEXT_HOOK
from consult.discussion.models import Comment, Position, Reaction
from consult.questionnaires import services as questionnaires
from consult.questionnaires.queries import questionnaire_context
from consult.realtime import publish
from tests import factories
from tests.built_once import rolled_back_at_end
from tests.discussion.conftest import make_alice
from tests.factories import make_ai_system
from tests.questionnaires.conftest import QUESTIONS

pytestmark = pytest.mark.django_db

THREADS = 400
REPLIES_PER_THREAD = 4  # 400 + 1,600 = 2,000 comments
PARTICIPANTS = 100
REACTIONS_EACH = 200  # 100 x 200 = 20,000 reactions
MAX_QUERIES = 25
# The session, the participant, and the comment with its consultation and the participant's
# reaction; then the reaction written if it is still what was read, with the counters: one
# statement on PostgreSQL, and elsewhere two in a transaction (a savepoint and its release in
# a test's own transaction).
REACTION_QUERIES = 4 if connection.vendor == "postgresql" else 7
# A participant's page once the threads everyone shares were read: their session, their
# account, what the page knows of them (with their questionnaire response and the live
# stream's number), their reactions and reports.
PARTICIPANT_PAGE_QUERIES = 4


def build_discussion(consultation, alice) -> ConsultationPage:
    """2,000 comments in 400 threads, 20,000 reactions and 100 positions on `consultation`."""
    users = User.objects.bulk_create(
        User(email=f"p{n}@example.org", password="!") for n in range(PARTICIPANTS)
    )
    Profile.objects.bulk_create(
        Profile(user=user, display_name=f"Person {n}", pseudonym=f"Participant {90000 + n}")
        for n, user in enumerate(users)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    authors = itertools.cycle([*users, alice])

    def comment(n: int, **tree) -> Comment:
        return Comment(
            consultation=consultation,
            author=next(authors),
            author_display_mode="pseudonym" if n % 2 else "named",
            author_stakeholder_group="affected",
            body_source=f"comment {n}",
            body_html=f"<p>comment {n}</p>",
            **tree,
        )

    roots = Comment.objects.bulk_create(comment(n) for n in range(THREADS))
    replies = []
    for root in roots:
        parent = root
        for depth in range(1, REPLIES_PER_THREAD + 1):
            reply = (
                Comment.objects.create(
                    **{
                        field: getattr(comment(depth), field)
                        for field in (
                            "consultation",
                            "author",
                            "author_display_mode",
                            "author_stakeholder_group",
                            "body_source",
                            "body_html",
                        )
                    },
                    parent=parent,
                    thread=root,
                    depth=depth,
                )
                if depth == 1
                else None
            )
            if reply is None:
                break
            replies.append(reply)
            parent = reply
    # The rest of each thread in bulk: depths 2 to 4 under the first reply.
    deeper = []
    for first in replies:
        parent = first
        for depth in range(2, REPLIES_PER_THREAD + 1):
            (parent,) = Comment.objects.bulk_create(
                [comment(depth, parent=parent, thread_id=first.thread_id, depth=depth)]
            )
            deeper.append(parent)
    comments = [*roots, *replies, *deeper]
    assert len(comments) == THREADS * (1 + REPLIES_PER_THREAD)
    Reaction.objects.bulk_create(
        Reaction(
            comment=comments[(n * 7 + k) % len(comments)],
            user=user,
            consultation=consultation,
            value=("agree", "disagree", "pass")[k % 3],
        )
        for n, user in enumerate([*users[:-1], alice])
        for k in range(REACTIONS_EACH)
    )
    Position.objects.bulk_create(
        Position(
            consultation=consultation,
            user=user,
            stance="oppose",
            author_stakeholder_group="affected",
        )
        for user in users
    )
    assert Reaction.objects.count() == PARTICIPANTS * REACTIONS_EACH
    return consultation


@pytest.mark.parametrize("first", ["discussion", "questionnaire"])
def test_a_participant_page_runs_a_fixed_number_of_queries(
    client, alice, bob, make_consultation, post_comment, django_assert_num_queries, settings, first
):
    """Whichever section asks about the reader first: what the page knows of them is read
    once, before any section."""
    # Without Redis the cache is a database table, and its queries would be counted too.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Its own per run: the site version and the routes it keeps must not outlive it.
            "LOCATION": f"participant-page-queries-{first}",
        },
    }
    consultation = make_consultation(questions=QUESTIONS)
    for n in range(3):
        post_comment(consultation, bob, f"Comment number {n}.")
    long_text = next(
        child.id for child in consultation.questions if child.block_type == "long_text"
    )
    questionnaires.response_save_draft(
        user=alice, consultation=consultation, answers={long_text: "Only at night."}
    )
    client.force_login(alice)
    for _ in range(2):  # the route is remembered, the threads everyone shares are read
        client.get(consultation.url)

    sections = []
    if first == "questionnaire":  # once more, before every other section
        sections = [(PAGE_CONTEXT_HOOK, questionnaire_context)]
    with (
        hooks.register_temporarily(sections, order=-100),
        django_assert_num_queries(PARTICIPANT_PAGE_QUERIES),
    ):
        response = client.get(consultation.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Comment number 2." in html
    assert "Only at night." in html  # her draft, in the questionnaire's form


@pytest.mark.parametrize(
    ("before", "posted"),
    [(None, "agree"), ("agree", "disagree"), ("pass", "withdraw")],
    ids=["first", "changed", "withdrawn"],
)
def test_a_reaction_runs_a_fixed_number_of_queries(
    client,
    alice,
    bob,
    consultation,
    post_comment,
    django_assert_num_queries,
    settings,
    before,
    posted,
):
    # Without Redis the cache is a database table, and its queries would be counted too.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"reaction-queries-{before}-{posted}",
        },
    }
    comment = post_comment(consultation, alice, "React to me")
    client.force_login(bob)
    url = f"/comments/{comment.pk}/reactions/"
    if before:
        client.post(url, {"value": before}, HTTP_ACCEPT="application/json")

    with django_assert_num_queries(REACTION_QUERIES):
        response = client.post(url, {"value": posted}, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json()["ok"] is True
    comment.refresh_from_db()
    counters = (comment.agree_count, comment.disagree_count, comment.pass_count)
    assert counters == {"agree": (1, 0, 0), "disagree": (0, 1, 0), "withdraw": (0, 0, 0)}[posted]
    assert list(Reaction.objects.filter(comment=comment).values_list("value", flat=True)) == (
        [] if posted == "withdraw" else [posted]
    )


def _page_queries(consultation, reader: User | None) -> int:
    """The queries of `consultation`'s page rendered afresh (new versions) for `reader`."""
    client = Client()
    if reader is not None:
        client.force_login(reader)
    for _ in range(2):  # the route is seen, then remembered, as in production
        client.get(consultation.url, {"page": "2"})
    publish.page_changed(consultation=consultation)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(consultation.url)
    assert response.status_code == 200
    return len(queries)


class TestAtScale:
    """The big discussion is built once for the class (tests/built_once.py): its tests only
    read it, or change it in their own transaction."""

    @pytest.fixture(scope="class")
    @classmethod
    def discussion(cls, django_db_setup, django_db_blocker):
        with rolled_back_at_end(django_db_blocker):
            alice = make_alice()
            index = factories.make_index_page(factories.home_page())
            system = make_ai_system("Station face matching")
            consultation = factories.make_consultation(
                index, "Face recognition at stations", system=system
            )
            yield alice, build_discussion(consultation, alice)

    @pytest.fixture
    def alice(self, discussion, db) -> User:
        return copy.deepcopy(discussion[0])

    @pytest.fixture
    def big_discussion(self, discussion, db) -> ConsultationPage:
        return copy.deepcopy(discussion[1])

    @pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
    @pytest.mark.parametrize(
        "params", [{}, {"sort": "agreed", "page": "7"}, {"sort": "oldest", "page": "20"}]
    )
    def test_page_queries_are_bounded(
        self, client, alice, big_discussion, django_assert_max_num_queries, signed_in, params
    ):
        if signed_in:
            client.force_login(alice)
        # Warm the caches as production has them (Wagtail's site root, the page's versions)
        # with another page of comments: this one must be rendered, not served from the page
        # cache (test_discussion_page_cache.py).
        client.get(big_discussion.url, {"page": "2"})

        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(big_discussion.url, params)

        assert response.status_code == 200
        discussion = response.context["discussion"]
        assert discussion.comment_count == THREADS * (1 + REPLIES_PER_THREAD)
        assert len(discussion.threads) == 20
        assert all(len(thread.replies) == 1 for thread in discussion.threads)
        html = response.content.decode()
        assert html.count('class="comment comment--level-') == 20 * (1 + REPLIES_PER_THREAD)
        if signed_in:
            chosen = any(thread.viewer_reaction for thread in discussion.threads)
            assert "reaction--chosen" in html or not chosen

    def test_the_page_runs_as_many_queries_at_20000_comments_as_at_2000(
        self, alice, big_discussion, settings
    ):
        # Without Redis the cache is a database table: its queries are not the page's.
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "page-queries-at-20000",
            },
        }
        # What a process reads once (content types, the site's root paths) read first.
        for reader in (None, alice):
            _page_queries(big_discussion, reader)
        at_2000 = [_page_queries(big_discussion, reader) for reader in (None, alice)]

        users = list(User.objects.filter(email__startswith="p"))
        more = Comment.objects.bulk_create(
            Comment(
                consultation=big_discussion,
                author=users[n % len(users)],
                author_display_mode="named",
                author_stakeholder_group="affected",
                body_source=f"more {n}",
                body_html=f"<p>more {n}</p>",
            )
            for n in range(18_000)
        )
        Reaction.objects.bulk_create(
            Reaction(
                comment=more[(n * 180 + k) % 18_000],
                user=user,
                consultation=big_discussion,
                value="agree",
            )
            for n, user in enumerate(users)
            for k in range(1_800)
        )
        assert Comment.objects.filter(consultation=big_discussion).count() == 20_000
        assert Reaction.objects.filter(consultation=big_discussion).count() == 200_000

        assert [_page_queries(big_discussion, reader) for reader in (None, alice)] == at_2000
