"""Personas and a hand-counted consultation for the outcomes tests.

alice   affected person, comments and opposes           (the "participants" below)
edith   an editor (Editors group) with an authenticator app: may tag themes
mallory a participant without staff rights: may not
seeded  a consultation with seven participants whose every statistic is counted by hand
        in the docstring of `seeded` and asserted in test_outcomes_statistics.py
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from accounts.models import User
from accounts.services import profile_create
from consult.consultations.models import ConsultationPage
from consult.core.sanitize import render_comment_markdown
from consult.discussion.models import Comment, CommentState, Position, Reaction
from consult.outcomes.models import Decision, SummaryPage, Theme, ThemeResponse
from consult.questionnaires.models import Response, ResponseState
from tests import factories
from tests.questionnaires.conftest import QUESTIONS

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    # Tests follow far faster than people; the rate-limit test sets its own.
    settings.CONSULT_RATE_LIMITS = dict.fromkeys(
        ("follow", "follow_email", "follow_email_address"), "100000/m"
    )


def make_user(email: str, *, group: str = "other", language: str = "en", **extra) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    profile_create(
        user=user,
        display_name=email.split("@")[0].title(),
        stakeholder_group=group,
        preferred_language=language,
    )
    return user


@pytest.fixture
def alice(db) -> User:
    return make_user("alice@example.org", group="affected")


@pytest.fixture
def mallory(db) -> User:
    return make_user("mallory@example.org", group="industry")


@pytest.fixture
def edith(db) -> User:
    user = make_user("edith@example.org", group="public_body")
    user.groups.add(Group.objects.get(name="Editors"))
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def system(db):
    return factories.make_ai_system(affected_groups=["affected", "community"])


@pytest.fixture
def consultation(index_page, system) -> ConsultationPage:
    return factories.make_consultation(
        index_page, system=system, opens_in=timedelta(days=-10), questions=QUESTIONS
    )


@pytest.fixture
def closed_consultation(index_page, system) -> ConsultationPage:
    return factories.make_consultation(
        index_page,
        "Benefits chatbot",
        system=system,
        opens_in=timedelta(days=-40),
        lasts=timedelta(days=30),
    )


def noon(days_ago: int) -> datetime:
    """Noon, local time, `days_ago` days ago: far from any day boundary."""
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def comment(consultation, author, *, body="A comment.", state=CommentState.VISIBLE, days_ago=1):
    created = Comment.objects.create(
        consultation=consultation,
        author=author,
        author_display_mode="pseudonym",
        author_stakeholder_group=author.profile.stakeholder_group,
        body_source=body,
        body_html=render_comment_markdown(body),
        state=state,
    )
    Comment.objects.filter(pk=created.pk).update(created_at=noon(days_ago))
    return created


@dataclass
class Seeded:
    consultation: ConsultationPage
    users: dict[str, User]
    comments: dict[str, Comment]
    question_ids: list[str]


@pytest.fixture
def seeded(consultation) -> Seeded:
    """Seven participants (profile groups): a1 a2 a3 affected, c1 community, i1 i2 industry,
    x1 academic. The card names affected and community as affected: 4 of 7 = 57%.

    comments    a1 two (3 days ago), a2 one, i1 one (2 days ago); c1 one, hidden (2 days ago)
                visible by group: affected 3, industry 1
    positions   a1 oppose, a2 oppose, a3 support, i1 support, i2 unsure (2 days ago)
    reactions   x1 agree and i2 disagree on a1's first comment (1 day ago)
    responses   submitted by a3 and i2 (1 day ago); a1 has a draft, which never counts
                q1 scale:    a3 5, i2 2                        -> 2: 1, 5: 1
                q2 single:   a3 0 (Yes), i2 2 (Not sure)      -> Yes 1, No 0, Not sure 1
                q3 multiple: a3 [0, 1], i2 [1]                -> Audits 1, Deletion 2, Notice 0
                q4 text:     a3 only                           -> 1 answered
    per day     3 days ago: 2 comments; 2 days ago: 2 comments, 5 positions;
                1 day ago: 2 reactions, 2 questionnaires
    """
    groups = {
        "a1": "affected",
        "a2": "affected",
        "a3": "affected",
        "c1": "community",
        "i1": "industry",
        "i2": "industry",
        "x1": "academic",
    }
    users = {key: make_user(f"{key}@example.org", group=group) for key, group in groups.items()}
    comments = {
        "a1-first": comment(consultation, users["a1"], body="Who reviews refusals?", days_ago=3),
        "a1-second": comment(consultation, users["a1"], body="Keep a human.", days_ago=3),
        "a2": comment(consultation, users["a2"], body="A person must decide.", days_ago=2),
        "i1": comment(consultation, users["i1"], body="Audits help.", days_ago=2),
        "c1-hidden": comment(
            consultation, users["c1"], body="Rude words.", state=CommentState.HIDDEN, days_ago=2
        ),
    }
    for key, stance in (("a1", "oppose"), ("a2", "oppose"), ("a3", "support"), ("i1", "support"),
                        ("i2", "unsure")):  # fmt: skip
        position = Position.objects.create(
            consultation=consultation,
            user=users[key],
            stance=stance,
            author_stakeholder_group=groups[key],
        )
        Position.objects.filter(pk=position.pk).update(created_at=noon(2))
    for key, value in (("x1", "agree"), ("i2", "disagree")):
        reaction = Reaction.objects.create(
            comment=comments["a1-first"], user=users[key], consultation=consultation, value=value
        )
        Reaction.objects.filter(pk=reaction.pk).update(created_at=noon(1))
    ids = [block.id for block in consultation.questions]
    for key, answers in (
        ("a3", {ids[0]: 5, ids[1]: 0, ids[2]: [0, 1], ids[3]: "It would help me."}),
        ("i2", {ids[0]: 2, ids[1]: 2, ids[2]: [1]}),
    ):
        Response.objects.create(
            consultation=consultation,
            user=users[key],
            answers=answers,
            state=ResponseState.SUBMITTED,
            submitted_at=noon(1),
            stakeholder_group=groups[key],
        )
    Response.objects.create(
        consultation=consultation,
        user=users["a1"],
        answers={ids[1]: 1},
        stakeholder_group="affected",
    )
    return Seeded(consultation, users, comments, ids)


def add_summary(
    consultation: ConsultationPage, responses: list[tuple[Theme, str]], *, publish: bool = True
) -> SummaryPage:
    summary = SummaryPage(
        title="What we heard",
        what_we_heard="<p>Many of you asked for a person to review every refusal.</p>",
        decision=Decision.PROCEED_WITH_CHANGES,
        system_card_changes="<p>Human review of every refusal.</p>",
        live=False,
    )
    for theme, text in responses:
        summary.theme_responses.add(ThemeResponse(theme=theme, response=text))
    consultation.add_child(instance=summary)
    revision = summary.save_revision()
    if publish:
        revision.publish()
    return summary


def add_url(consultation) -> str:
    return reverse("wagtailadmin_pages:add", args=("outcomes", "summarypage", consultation.pk))


@pytest.fixture
def theme(closed_consultation) -> Theme:
    return Theme.objects.create(consultation=closed_consultation, name="Human review")


def summary_form(theme: Theme | None, response: str = "<p>We will add human review.</p>"):
    rows = (
        []
        if theme is None
        else [{"theme": theme.pk, "heading": "", "response": rich_text(response)}]
    )
    return nested_form_data(
        {
            "title": "What we heard",
            "slug": "summary",
            "what_we_heard": rich_text("<p>You asked for a person to review refusals.</p>"),
            "decision": "proceed_with_changes",
            "decision_explanation": rich_text(""),
            "system_card_changes": rich_text("<p>Every refusal is reviewed by a person.</p>"),
            "theme_responses": inline_formset(rows),
            "action-publish": "action-publish",
        }
    )
