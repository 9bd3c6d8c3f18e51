"""No service leaves the next anonymous reader with an old page.

The test walks every public function of the services that write what a consultation page
shows (discussion, moderation, opinions, outcomes; a new one fails it until a step here
exercises it). Around each step the anonymous page is first kept (consult.core.page_cache),
then asked for again after the step, and compared with the page rendered afresh, with
nothing kept (a fresh cache prefix: every version is new). A service that changes what the
page shows without telling consult.realtime.publish leaves the kept page served, and fails.
"""

import functools
import importlib
import inspect
import pkgutil
import re
import types
import uuid
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from consult.discussion import services as discussion
from consult.discussion.models import Comment
from consult.moderation import services as moderation_services
from consult.moderation.models import ModerationDecision, PrescreenSettings, RuleCode
from consult.opinions import services as opinions
from consult.outcomes import services as outcomes
from consult.outcomes.models import Follow, SummaryPage, Theme, ThemeResponse
from tests.discussion.conftest import make_user

pytestmark = pytest.mark.django_db

# The steps the moderation services share (each called by a service walked below).
STEPS = {"decisions", "notices"}
MODULES = (
    discussion,
    *(
        importlib.import_module(f"{moderation_services.__name__}.{found.name}")
        for found in pkgutil.iter_modules(moderation_services.__path__)
        if found.name not in STEPS
    ),
    opinions,
    outcomes,
)
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


def _public(module) -> dict:
    return {
        name: function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }


moderation = types.SimpleNamespace(
    **{name: f for module in MODULES[1:-2] for name, f in _public(module).items()},
    Screening=importlib.import_module(f"{moderation_services.__name__}.decisions").Screening,
)


def service_names() -> set[str]:
    names = set()
    for module in MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                names.add(name)
    return names - READS


class Walk:
    def __init__(self, settings, page):
        self.settings = settings
        self.page = page
        self.walked: set[str] = set()
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

    def step(self, name: str, call):
        before = self.read()  # kept for the next reader
        result = call()
        after = self.read()
        fresh = self.afresh()
        assert after == fresh, f"{name} changed the page, and the next reader got the old one"
        if fresh != before:
            self.shown.add(name)
        self.walked.add(name)
        return result


def test_every_service_that_changes_a_page_gives_its_next_reader_the_new_one(
    settings, make_consultation, alice, bob, mona, post_comment
):
    carol = make_user("carol@example.org", display_name="Carol Dupont")
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
    walk = Walk(settings, open_one)

    def create(consultation, author, body, parent=None):
        return walk.step(
            "comment_create",
            lambda: discussion.comment_create(
                consultation=consultation,
                author=author,
                body=body,
                display_mode="pseudonym",
                parent=parent,
            ),
        )

    plain = create(open_one, alice, "A plain comment on the plan.")
    reply = create(open_one, bob, "A reply to it.", parent=plain)
    other = create(open_one, carol, "Another view entirely.")
    walk.step(
        "comment_edit", lambda: discussion.comment_edit(comment=other, author=carol, body="Edited.")
    )
    walk.step(
        "reaction_set", lambda: discussion.reaction_set(comment=plain, user=bob, value="agree")
    )
    walk.step(
        "reaction_set", lambda: discussion.reaction_set(comment=other, user=bob, value="disagree")
    )
    walk.step("reaction_withdraw", lambda: discussion.reaction_withdraw(comment=other, user=bob))
    walk.step(
        "position_set",
        lambda: discussion.position_set(consultation=open_one, user=bob, stance="oppose"),
    )
    walk.step(
        "position_withdraw", lambda: discussion.position_withdraw(consultation=open_one, user=bob)
    )
    Comment.objects.filter(pk=plain.pk).update(agree_count=7)  # behind the services' back
    walk.afresh()
    walk.step(
        "comment_counters_rebuild",
        lambda: discussion.comment_counters_rebuild(consultation=open_one),
    )
    walk.step(
        "comment_hold_automated",
        lambda: moderation.comment_hold_automated(
            comment=other,
            screening=moderation.Screening(check="terms:en", version=4, rule_code="hate_speech"),
        ),
    )
    walk.step("comment_approve", lambda: moderation.comment_approve(comment=other, moderator=mona))
    # What comment_create does inside its transaction, for a comment saved by other means.
    unscreened = Comment.objects.create(
        consultation=open_one,
        author=bob,
        author_display_mode="named",
        author_stakeholder_group="academic",
        body_source="Saved, not yet screened: vermin.",
        body_html="<p>Saved, not yet screened: vermin.</p>",
    )
    walk.afresh()
    walk.step(
        "prescreen_settings_save",
        lambda: moderation.prescreen_settings_save(settings=PrescreenSettings.load()),
    )
    walk.step("comment_screen", lambda: moderation.comment_screen(comment=unscreened))
    walk.step(
        "flag_create",
        lambda: moderation.flag_create(comment=reply, flagger=alice, rule_code=RuleCode.SPAM),
    )
    walk.step("flags_dismiss", lambda: moderation.flags_dismiss(comment=reply, moderator=mona))
    walk.step(
        "comment_hide",
        lambda: moderation.comment_hide(
            comment=reply, moderator=mona, rule_code=RuleCode.HARASSMENT, public_note="Rude."
        ),
    )
    walk.step(
        "comment_restore",
        lambda: moderation.comment_restore(
            comment=reply, moderator=mona, rule_code=RuleCode.HARASSMENT
        ),
    )
    lock = walk.step(
        "thread_lock",
        lambda: moderation.thread_lock(comment=plain, moderator=mona, rule_code=RuleCode.OFF_TOPIC),
    )
    walk.step(
        "thread_unlock",
        lambda: moderation.thread_unlock(
            comment=plain, moderator=mona, rule_code=RuleCode.OFF_TOPIC
        ),
    )
    group = [post_comment(open_one, user, "Keep the trains safe.") for user in (alice, bob)]
    walk.step(
        "campaign_mark",
        lambda: moderation.campaign_mark(comments=group, moderator=mona, rule_code=RuleCode.SPAM),
    )
    third = post_comment(open_one, carol, "Keep the trains safe.")
    walk.step(
        "campaign_attach",
        lambda: moderation.campaign_attach(
            comments=[third], campaign=group[0].campaign, automated=True
        ),
    )
    suspension = walk.step(
        "participant_suspend",
        lambda: moderation.participant_suspend(
            user=carol,
            consultation=open_one,
            moderator=mona,
            rule_code=RuleCode.HARASSMENT,
            until=timezone.now() + timedelta(days=2),
        ),
    )
    hide = walk.step(
        "comment_hide",
        lambda: moderation.comment_hide(comment=other, moderator=mona, rule_code=RuleCode.SPAM),
    )
    for decision, appellant, outcome in (
        (lock, alice, "upheld"),
        (suspension, carol, "reversed"),
        (hide, carol, "reversed"),
    ):
        appeal = walk.step(
            "appeal_file",
            functools.partial(
                moderation.appeal_file,
                decision=decision,
                appellant=appellant,
                statement="Please look again.",
            ),
        )
        walk.step(
            "appeal_decide",
            functools.partial(
                moderation.appeal_decide,
                appeal=appeal,
                reviewer=max_,
                outcome=outcome,
                reasons="Reviewed.",
            ),
        )
    assert ModerationDecision.objects.exists()

    # Opinion groups: enough people reacting to enough comments to form them.
    voters = [make_user(f"voter{n}@example.org", display_name=f"Voter {n}") for n in range(8)]
    statements = [post_comment(open_one, alice, f"Statement {n}.") for n in range(4)]
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
    walk.afresh()
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
    walk.afresh()
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
    walk.page = open_one
    walk.step(
        "contributions_erase_for_user",
        lambda: discussion.contributions_erase_for_user(user=bob, mode="anonymise"),
    )
    walk.step("comment_delete", lambda: discussion.comment_delete(comment=plain, author=alice))

    assert walk.walked == service_names()
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
