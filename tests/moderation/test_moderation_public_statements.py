"""Every change that reduces what the public sees has its public statement of reasons.

The test walks every service in the modules of consult/moderation/services/ and in
consult/discussion/services.py (a new one fails it until a step here exercises it), through
every path that can hold or hide a comment, lock a thread or suspend someone: new comments
under pre-moderation and each automated check, direct holds, hides of visible and of held
comments, locks, suspensions, appeals upheld and reversed. Around each step it compares the
comments and suspensions before and after; any reduction without a new decision of the
matching kind, with a rule (or pre-moderation), a statement of reasons, a public page and a
line in the public log, fails. It also checks that hidden comments leave every public
surface but stay readable to moderators.
"""

import functools
import importlib
import inspect
import pkgutil
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.privacy.services import consent_set
from consult.consultations.models import ModerationMode
from consult.discussion import services as discussion
from consult.discussion.models import Comment, CommentState
from consult.moderation import services as moderation_services
from consult.moderation.models import (
    Action,
    ModerationDecision,
    PrescreenSettings,
    PrescreenTermList,
    RuleCode,
    Suspension,
    Trigger,
)
from consult.moderation.reasons import statement_for
from consult.moderation.services.appeals import appeal_decide, appeal_file
from consult.moderation.services.campaigns import (
    campaign_attach,
    campaign_mark,
    comment_hold_automated,
)
from consult.moderation.services.comments import comment_approve, comment_hide, comment_restore
from consult.moderation.services.decisions import Screening
from consult.moderation.services.flags import flag_create, flags_dismiss
from consult.moderation.services.locks import thread_lock, thread_unlock
from consult.moderation.services.screening import comment_screen, prescreen_settings_save
from consult.moderation.services.suspensions import participant_suspend
from tests.discussion.conftest import make_user

pytestmark = pytest.mark.django_db

# Public functions of the service modules that change nothing.
READS = {"appeal_refusal"}
# The steps the moderation services share (each called by a service walked below).
STEPS = {"decisions", "notices"}
REDUCTION = {CommentState.HELD: Action.HOLD, CommentState.HIDDEN: Action.HIDE}


def service_modules():
    yield discussion
    for found in pkgutil.iter_modules(moderation_services.__path__):
        if found.name not in STEPS:
            yield importlib.import_module(f"{moderation_services.__name__}.{found.name}")


def service_names() -> set[str]:
    names = set()
    for module in service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                names.add(name)
    return names - READS


def snapshot() -> dict:
    return {
        "comments": {
            pk: (state, locked_at)
            for pk, state, locked_at in Comment.objects.values_list("pk", "state", "locked_at")
        },
        "suspensions": set(
            Suspension.objects.filter(until__gt=timezone.now()).values_list("pk", flat=True)
        ),
        "decisions": set(ModerationDecision.objects.values_list("pk", flat=True)),
    }


class Walk:
    def __init__(self, client):
        self.client = client
        self.walked: set[str] = set()
        self.reductions: dict[str, int] = {}

    def step(self, name: str, call):
        """Run one service call and check every reduction it made."""
        before = snapshot()
        result = call()
        after = snapshot()
        self.walked.add(name)
        new = ModerationDecision.objects.filter(pk__in=after["decisions"] - before["decisions"])
        for pk, (state, locked_at) in after["comments"].items():
            old_state, old_lock = before["comments"].get(pk, (None, None))
            if state in REDUCTION and state != old_state:
                self.expect(name, new.filter(comment_id=pk, action=REDUCTION[state]))
            if locked_at and not old_lock and not Comment.objects.get(pk=pk).thread_id:
                self.expect(name, new.filter(comment_id=pk, action=Action.LOCK))
        for pk in after["suspensions"] - before["suspensions"]:
            suspension = Suspension.objects.get(pk=pk)
            self.expect(name, new.filter(pk=suspension.decision_id, action=Action.SUSPEND))
        return result

    def expect(self, name: str, decisions) -> None:
        decision = decisions.order_by("-pk").first()
        assert decision is not None, f"{name} reduced visibility without a decision"
        statement = statement_for(decision)
        assert statement.reduces_visibility
        if decision.trigger == Trigger.PREMODERATION and decision.action == Action.HOLD:
            assert statement.rule.code == ""  # nothing was breached
        else:
            assert statement.rule.title and statement.rule.code in RuleCode.values, name
        assert statement.trigger_label and statement.decided_at
        if decision.automated:
            assert decision.action == Action.HOLD and statement.screen_check, name
            assert statement.screen_version is not None
        page = self.client.get(reverse("transparency_decision", args=[decision.pk]))
        assert page.status_code == 200 and statement.rule.title in page.content.decode()
        log = self.client.get(reverse("transparency_decisions_json")).json()
        assert decision.pk in [entry["id"] for entry in log["results"]], name
        self.reductions[name] = self.reductions.get(name, 0) + 1


def test_every_service_that_reduces_visibility_leaves_a_statement_of_reasons(
    client, make_consultation, alice, bob, mona, max_, post_comment
):
    carol = make_user("carol@example.org", display_name="Carol Dupont")
    open_one = make_consultation("Face recognition at stations")
    premoderated = make_consultation("Benefit fraud scoring", moderation_mode=ModerationMode.PRE)
    walk = Walk(client)
    # Every automated check on (they start off until an editor chooses what to look for).
    checks = PrescreenSettings.load()
    checks.link_account_age_days, checks.burst_posts, checks.campaign_accounts = 3, 5, 3
    walk.step("prescreen_settings_save", lambda: prescreen_settings_save(settings=checks))
    PrescreenTermList.objects.create(
        prescreen=checks, language="en", rule_code=RuleCode.HATE_SPEECH, terms="vermin"
    )

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
    create(premoderated, alice, "Held by pre-moderation.")
    create(open_one, bob, "A link from a new account: https://example.org/")
    create(open_one, alice, "People who disagree with me are vermin.")
    for author in (alice, bob, carol):
        create(
            open_one,
            author,
            "Stop the face recognition cameras at every single station in our city right now!",
        )
    for n in range(7):  # a burst from one account
        create(open_one, carol, f"Carol's point number {n} about the cameras.")

    # What comment_create does inside its transaction, for a comment saved by other means.
    unscreened = Comment.objects.create(
        consultation=premoderated,
        author=bob,
        author_display_mode="named",
        author_stakeholder_group="affected",
        body_source="Saved, not yet screened.",
        body_html="<p>Saved, not yet screened.</p>",
    )
    walk.step("comment_screen", lambda: comment_screen(comment=unscreened))
    walk.step("comment_approve", lambda: comment_approve(comment=unscreened, moderator=mona))
    walk.step(
        "comment_hold_automated",
        lambda: comment_hold_automated(
            comment=plain,
            screening=Screening(check="terms:en", version=4, rule_code="hate_speech"),
        ),
    )
    walk.step(
        "comment_hide",
        lambda: comment_hide(comment=plain, moderator=mona, rule_code=RuleCode.SPAM),
    )  # a held comment hidden
    walk.step(
        "flag_create",
        lambda: flag_create(comment=reply, flagger=alice, rule_code=RuleCode.SPAM),
    )
    walk.step("flags_dismiss", lambda: flags_dismiss(comment=reply, moderator=mona))
    walk.step(
        "comment_hide",
        lambda: comment_hide(
            comment=reply, moderator=mona, rule_code=RuleCode.HARASSMENT, public_note="Rude."
        ),
    )  # a visible comment hidden
    walk.step(
        "comment_restore",
        lambda: comment_restore(comment=reply, moderator=max_, rule_code=RuleCode.HARASSMENT),
    )
    root = post_comment(open_one, alice, "A heated thread.")
    lock = walk.step(
        "thread_lock",
        lambda: thread_lock(comment=root, moderator=mona, rule_code=RuleCode.OFF_TOPIC),
    )
    walk.step(
        "thread_unlock",
        lambda: thread_unlock(comment=root, moderator=max_, rule_code=RuleCode.OFF_TOPIC),
    )
    group = [post_comment(open_one, user, "Keep the trains safe.") for user in (alice, bob)]
    walk.step(
        "campaign_mark",
        lambda: campaign_mark(comments=group, moderator=mona, rule_code=RuleCode.SPAM),
    )
    walk.step("campaign_attach", lambda: campaign_attach(comments=group[:1], automated=True))
    suspension = walk.step(
        "participant_suspend",
        lambda: participant_suspend(
            user=carol,
            consultation=open_one,
            moderator=mona,
            rule_code=RuleCode.HARASSMENT,
            until=timezone.now() + timedelta(days=2),
        ),
    )
    for decision, appellant, outcome in ((lock, alice, "upheld"), (suspension, carol, "reversed")):
        appeal = walk.step(
            "appeal_file",
            functools.partial(
                appeal_file,
                decision=decision,
                appellant=appellant,
                statement="Please look again.",
            ),
        )
        walk.step(
            "appeal_decide",
            functools.partial(
                appeal_decide,
                appeal=appeal,
                reviewer=max_,
                outcome=outcome,
                reasons="Reviewed.",
            ),
        )

    # The discussion's own writes reduce nothing a moderator decided.
    dave = make_user("dave@example.org", display_name="Dave Moreau")
    own = post_comment(open_one, dave, "Mine to change.")
    walk.step(
        "comment_edit",
        lambda: discussion.comment_edit(comment=own, author=dave, body="Changed."),
    )
    walk.step(
        "reaction_set", lambda: discussion.reaction_set(comment=own, user=alice, value="agree")
    )
    walk.step("reaction_withdraw", lambda: discussion.reaction_withdraw(comment=own, user=alice))
    walk.step(
        "position_set",
        lambda: discussion.position_set(consultation=open_one, user=dave, stance="oppose"),
    )
    walk.step(
        "position_withdraw", lambda: discussion.position_withdraw(consultation=open_one, user=dave)
    )
    walk.step("comment_delete", lambda: discussion.comment_delete(comment=own, author=dave))
    walk.step(
        "comment_counters_rebuild",
        lambda: discussion.comment_counters_rebuild(consultation=open_one),
    )
    walk.step(
        "contributions_consent_withdraw",
        lambda: discussion.contributions_consent_withdraw(user=dave, purpose="research"),
    )
    walk.step(
        "contributions_anonymise_after_outcome",
        lambda: discussion.contributions_anonymise_after_outcome(now=timezone.now()),
    )
    walk.step(
        "contributions_erase_for_user",
        lambda: discussion.contributions_erase_for_user(user=dave, mode="anonymise"),
    )

    assert walk.walked == service_names()
    # Every kind of reduction was met at least once on the way.
    checks_met = set(
        ModerationDecision.objects.filter(automated=True).values_list("screen_check", flat=True)
    )
    assert {"campaign", "terms:en", "new_account_links", "burst"} <= checks_met
    assert walk.reductions["comment_create"] >= 5
    for name in (
        "comment_screen",
        "comment_hold_automated",
        "comment_hide",
        "thread_lock",
        "participant_suspend",
    ):
        assert walk.reductions.get(name), name


def test_a_hidden_comment_is_gone_for_the_public_but_not_for_moderators(
    client, consultation, alice, bob, mona, post_comment
):
    comment = post_comment(consultation, alice, "Words that break a rule.")
    # Consented to the open data, so only its state can keep it out of the API.
    consent_set(user=alice, purpose="research", granted=True)
    Comment.objects.filter(pk=comment.pk).update(research_use=True)
    api = f"/api/v1/consultations/{consultation.pk}/comments"
    assert "Words that break a rule." in client.get(api).content.decode()
    comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.HARASSMENT)
    public_paths = [
        consultation.url,
        api,
        reverse("opinion_groups", args=[consultation.pk]),
        reverse("outcomes:feed_consultations"),
        reverse("transparency_decisions_json"),
        reverse("transparency_report"),
    ]
    for reader in (None, bob):
        client.logout()
        if reader:
            client.force_login(reader)
        for path in public_paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert "Words that break a rule." not in response.content.decode(), path
        assert client.get(reverse("moderation_flag", args=[comment.pk])).status_code in (302, 404)
    client.force_login(mona)
    assert "Words that break a rule." in client.get(consultation.url).content.decode()
