"""No service leaves the next anonymous reader with an old page.

The test takes the shared walk of every service of the discussion and of moderation
(tests/support/service_walk.py), then walks the opinion groups' and the outcomes' (a new
service fails it until a step exercises it). Around each step the anonymous page is first
kept (consult.core.page_cache), then asked for again after the step, and compared with the
page rendered afresh, with nothing kept (a fresh cache prefix: every version is new). A
service that changes what the page shows without telling consult.realtime.publish leaves the
kept page served, and fails.
"""

import re
import uuid
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from consult.consultations.models import ModerationMode
from consult.discussion import services as discussion
from consult.discussion.models import Comment
from consult.moderation import services as moderation_services
from consult.moderation.models import ModerationDecision
from consult.opinions import services as opinions
from consult.outcomes import services as outcomes
from consult.outcomes.models import Follow, SummaryPage, Theme, ThemeResponse
from tests.discussion.conftest import make_user
from tests.support.service_walk import (
    STEPS,
    ServiceWalk,
    service_modules,
    service_names,
    walk_discussion_and_moderation,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# The service modules the walk leaves out, each with why no page kept for anonymous readers
# can show what they change.
NOT_WALKED = {
    "accounts.services": "profiles: the names beside comments replace the site version (a "
    "signal, consult.core.versions)",
    "accounts.privacy.services": "a deleted account replaces the site version (a signal); what "
    "it withdraws or erases from a discussion is the discussion's, walked",
    "consult.consultations.services": "opening or closing now publishes a revision, which "
    "replaces the site version (Wagtail's signal)",
    "consult.exports.services": "files for staff, on no page",
    "consult.notifications.services": "a reader's own notices, on pages never kept",
    "consult.outcomes.suggestion_services": "theme suggestions and embeddings, in the admin",
    "consult.questionnaires.services": "a reader's own answers, on pages never kept",
}

# Public functions of the service modules that change nothing.
READS = {
    "appeal_url",
    "appeal_refusal",
    "refresh_threshold",
    "summary_publish_problems",
    "summary_problems",
    "summary_publish_allowed",
    "follow_token",
}
NONCE = re.compile(r'nonce="[^"]+"|csp-nonce[^>]*>')
# The listings a change may reach: the default one, the one the opinion groups order, and
# the one reactions order (kept under a version of its own).
LISTINGS = ({}, {"sort": "common_ground"}, {"sort": "agreed"})


class Walk(ServiceWalk):
    """Checks that the next anonymous reader of `page` gets what a step changed."""

    def __init__(self, settings, page):
        super().__init__()
        self.settings = settings
        self.page = page
        self.shown: set[str] = set()

    def read(self) -> list[str]:
        html = []
        for params in LISTINGS:
            response = Client().get(self.page.url, params)
            assert response.status_code == 200, params
            html.append(NONCE.sub("", response.content.decode()))
        return html

    def afresh(self) -> list[str]:
        caches = {**self.settings.CACHES}
        caches["default"] = {**caches["default"], "KEY_PREFIX": f"walk-{uuid.uuid4().hex}"}
        self.settings.CACHES = caches
        return self.read()

    def before(self) -> list[str]:
        return self.read()  # kept for the next reader

    def after(self, name: str, before: list[str]) -> None:
        after = self.read()
        fresh = self.afresh()
        assert after == fresh, f"{name} changed the page, and the next reader got the old one"
        if fresh != before:
            self.shown.add(name)

    def written_behind_the_services(self) -> None:
        # The kept page is rightly old: what each step shows is compared from a fresh one.
        self.afresh()


def test_every_service_module_is_walked_or_said_to_change_no_kept_page():
    """A new service module fails this until the walk below takes its steps, or NOT_WALKED
    says why no kept page shows what it changes."""
    found = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for top in ("accounts", "cms", "consult")
        for path in (ROOT / top).rglob("*.py")
        if path.stem.endswith("services") or path.parent.name == "services"
        if path.name != "__init__.py"
    }
    walked = {module.__name__ for module in service_modules(opinions, outcomes)}
    steps = {f"{moderation_services.__name__}.{name}" for name in STEPS}
    assert found == walked | steps | set(NOT_WALKED)


def test_every_service_that_changes_a_page_gives_its_next_reader_the_new_one(
    settings, make_consultation, alice, bob, mona, post_comment
):
    open_one = make_consultation("Face recognition at stations")
    closed = make_consultation(
        "Benefits chatbot", opens_in=timedelta(days=-40), lasts=timedelta(days=30)
    )
    max_ = make_user("max@example.org", display_name="Max Moderator")
    max_.groups.add(Group.objects.get(name="Moderators"))
    for moderator in (mona, max_):  # only a moderator with a second factor moderates
        Authenticator.objects.create(
            user=moderator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
        )
    carol = make_user("carol@example.org", display_name="Carol Dupont")
    walk = Walk(settings, open_one)
    walk_discussion_and_moderation(
        walk,
        consultation=open_one,
        premoderated=make_consultation("Benefit fraud scoring", moderation_mode=ModerationMode.PRE),
        people=SimpleNamespace(alice=alice, bob=bob, carol=carol, mona=mona, max_=max_),
        post_comment=post_comment,
    )
    assert ModerationDecision.objects.exists()

    # Opinion groups: enough people reacting to enough comments to form them.
    voters = [make_user(f"voter{n}@example.org", display_name=f"Voter {n}") for n in range(8)]
    # Each by its own author: the pre-screen, on since the walk, holds a burst from one.
    statements = [
        post_comment(
            open_one,
            make_user(f"author{n}@example.org", display_name=f"Author {n}"),
            f"Statement {n}.",
        )
        for n in range(4)
    ]
    for n, voter in enumerate(voters):
        for m, statement in enumerate(statements):
            value = "agree" if (n + m) % 2 else "disagree"
            discussion.reaction_set(comment=statement, user=voter, value=value)
    walk.step(
        "opinion_groups_reaction_recorded",
        lambda: opinions.opinion_groups_reaction_recorded(consultation_id=open_one.pk),
    )
    walk.step(
        "opinion_groups_enqueue",
        lambda: opinions.opinion_groups_enqueue(consultation_id=open_one.pk),
    )
    walk.step(
        "opinion_groups_compute", lambda: opinions.opinion_groups_compute(consultation=open_one)
    )

    # Following, themes and the outcome of the closed consultation.
    walk.page = closed
    follow = walk.step(
        "follow_start", lambda: outcomes.follow_start(consultation=closed, user=alice)
    )
    walk.step("follow_stop", lambda: outcomes.follow_stop(follow=follow))
    pending = walk.step(
        "follow_request_by_email",
        lambda: outcomes.follow_request_by_email(
            consultation=closed, email="dora@example.org", language="en", client="walk"
        ),
    )
    walk.step(
        "follow_confirm",
        lambda: outcomes.follow_confirm(token=outcomes.follow_token(pending, salt="confirm")),
    )
    walk.step(
        "follow_unsubscribe",
        lambda: outcomes.follow_unsubscribe(
            token=outcomes.follow_token(pending, salt="unsubscribe")
        ),
    )
    walk.step(
        "follows_unconfirmed_purge",
        lambda: outcomes.follows_unconfirmed_purge(now=timezone.now() + timedelta(days=30)),
    )
    Follow.objects.create(consultation=closed, user=bob)
    walk.step(
        "follows_erase_for_user", lambda: outcomes.follows_erase_for_user(user=bob, mode="delete")
    )
    answered = Comment.objects.create(
        consultation=closed,
        author=alice,
        author_display_mode="named",
        author_stakeholder_group="affected",
        body_source="Was it ever tested on real claims?",
        body_html="<p>Was it ever tested on real claims?</p>",
    )  # written while it was open
    walk.written_behind_the_services()
    theme = walk.step(
        "theme_create", lambda: outcomes.theme_create(consultation=closed, name="Tests")
    )
    walk.step(
        "comments_tag",
        lambda: outcomes.comments_tag(theme=theme, comment_ids=[answered.pk], tagged=True),
    )
    summary = SummaryPage(
        title="What we heard",
        what_we_heard="<p>Many of you asked for tests on real claims.</p>",
        decision="proceed_with_changes",
        system_card_changes="<p>Tests on real claims.</p>",
        live=False,
    )
    summary.theme_responses.add(ThemeResponse(theme=theme, response="<p>We will.</p>"))
    closed.add_child(instance=summary)
    # Live, as publishing leaves it, without Wagtail's signal: the step is the service's.
    SummaryPage.objects.filter(pk=summary.pk).update(live=True)
    summary.refresh_from_db()
    walk.written_behind_the_services()
    walk.step("summary_published", lambda: outcomes.summary_published(summary=summary))
    walk.step("summaries_copied", lambda: outcomes.summaries_copied(page=closed))
    revision = summary.save_revision()
    walk.step(
        "summary_publish",
        lambda: outcomes.summary_publish(revision=revision, publish=revision.publish),
    )
    walk.step(
        "consultation_changes_announce",
        lambda: outcomes.consultation_changes_announce(now=timezone.now()),
    )

    # Retention (of the closed consultation's discussion) and erasure.
    walk.step(
        "contributions_consent_withdraw",
        lambda: discussion.contributions_consent_withdraw(user=carol, purpose="research"),
    )
    walk.step(
        "contributions_anonymise_after_outcome",
        lambda: discussion.contributions_anonymise_after_outcome(
            now=timezone.now() + timedelta(days=settings.CONSULT_RETENTION_AFTER_OUTCOME_DAYS + 1)
        ),
    )
    assert walk.walked == service_names(service_modules(opinions, outcomes), reads=READS)
    assert Theme.objects.filter(pk=theme.pk).exists()
    # The walk met the changes readers see: a test that saw none could not fail.
    assert {
        "comment_create",
        "comment_edit",
        "comment_delete",
        "reaction_set",
        "position_set",
        "comment_counters_rebuild",
        "comment_hide",
        "comment_approve",
        "comment_restore",
        "campaign_mark",
        "appeal_decide",
        "summary_published",
        "contributions_anonymise_after_outcome",
    } <= walk.shown
