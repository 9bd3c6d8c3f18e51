"""Every change that reduces what the public sees has its public statement of reasons.

The test takes the shared walk of every service of the discussion and of moderation
(tests/support/service_walk.py). Around each step it compares the comments and suspensions
before and after; any reduction without a new decision of the matching kind, with a rule (or
pre-moderation), a statement of reasons, a public page and a line in the public log, fails.
It also checks that hidden comments leave every public surface but stay readable to
moderators.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.privacy.services import consent_set
from consult.consultations.models import ModerationMode
from consult.discussion.models import Comment, CommentState
from consult.moderation.models import (
    Action,
    ModerationDecision,
    RuleCode,
    Suspension,
    Trigger,
)
from consult.moderation.reasons import statement_for
from consult.moderation.services.comments import comment_hide
from tests.discussion.conftest import make_user
from tests.support.service_walk import (
    ServiceWalk,
    service_modules,
    service_names,
    walk_discussion_and_moderation,
)

pytestmark = pytest.mark.django_db

# Public functions of the service modules that change nothing.
READS = {"appeal_refusal"}
REDUCTION = {CommentState.HELD: Action.HOLD, CommentState.HIDDEN: Action.HIDE}


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


class Walk(ServiceWalk):
    """Checks every reduction a step made."""

    def __init__(self, client):
        super().__init__()
        self.client = client
        self.reductions: dict[str, int] = {}

    def before(self) -> dict:
        return snapshot()

    def after(self, name: str, before: dict) -> None:
        after = snapshot()
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
    walk = Walk(client)
    walk_discussion_and_moderation(
        walk,
        consultation=make_consultation("Face recognition at stations"),
        premoderated=make_consultation("Benefit fraud scoring", moderation_mode=ModerationMode.PRE),
        people=SimpleNamespace(
            alice=alice,
            bob=bob,
            carol=make_user("carol@example.org", display_name="Carol Dupont"),
            mona=mona,
            max_=max_,
        ),
        post_comment=post_comment,
    )

    assert walk.walked == service_names(service_modules(), reads=READS)
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
