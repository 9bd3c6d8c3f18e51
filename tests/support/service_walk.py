"""One walk through every service of the discussion and of moderation, shared by the tests
that check something of every write (the statements of reasons, the page caches): each gives
its own `ServiceWalk`, whose `step` runs one service call and checks it.

The walk goes through every path that can hold or hide a comment, lock a thread or suspend
someone: new comments under pre-moderation and each automated check, direct holds, hides of
visible and of held comments, locks, campaigns, suspensions, appeals upheld and reversed, and
the discussion's own writes. A service none of these steps calls fails both tests (their
`service_names` check), until a step here exercises it.
"""

import functools
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import timedelta
from types import ModuleType, SimpleNamespace

from django.utils import timezone

from consult.consultations.models import ConsultationPage
from consult.discussion import services as discussion
from consult.discussion.models import Comment
from consult.moderation import services as moderation_services
from consult.moderation.models import PrescreenSettings, PrescreenTermList, RuleCode
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

# The steps the moderation services share (each called by a service walked below).
STEPS = {"decisions", "notices"}


def service_modules(*more: ModuleType) -> list[ModuleType]:
    """The discussion's and moderation's service modules, and `more`."""
    return [
        discussion,
        *(
            importlib.import_module(f"{moderation_services.__name__}.{found.name}")
            for found in pkgutil.iter_modules(moderation_services.__path__)
            if found.name not in STEPS
        ),
        *more,
    ]


def service_names(modules: list[ModuleType], *, reads: set[str]) -> set[str]:
    """Every public function of `modules` but the `reads`, which change nothing."""
    return {
        name
        for module in modules
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    } - reads


class ServiceWalk:
    """Runs service calls as steps; a test's subclass checks each (`before`, `after`)."""

    def __init__(self):
        self.walked: set[str] = set()

    def step(self, name: str, call: Callable):
        before = self.before()
        result = call()
        self.after(name, before)
        self.walked.add(name)
        return result

    def before(self):
        """What `after` compares with, read before the step."""

    def after(self, name: str, before) -> None:
        """Check the step `name` just taken."""

    def written_behind_the_services(self) -> None:
        """Rows were written without a service, as a test sets a scene: nothing to check."""


def walk_discussion_and_moderation(
    walk: ServiceWalk,
    *,
    consultation: ConsultationPage,
    premoderated: ConsultationPage,
    people: SimpleNamespace,
    post_comment: Callable,
) -> None:
    """Every service of the discussion and of moderation, on `consultation` (and on
    `premoderated`, which holds every comment first). `people`: alice, bob and carol,
    participants; mona and max_, moderators with a second factor."""
    alice, bob, carol, mona, max_ = (
        people.alice,
        people.bob,
        people.carol,
        people.mona,
        people.max_,
    )
    # Every automated check on (they start off until an editor chooses what to look for).
    checks = PrescreenSettings.load()
    checks.link_account_age_days, checks.burst_posts, checks.campaign_accounts = 3, 5, 3
    walk.step("prescreen_settings_save", lambda: prescreen_settings_save(settings=checks))
    PrescreenTermList.objects.create(
        prescreen=checks, language="en", rule_code=RuleCode.HATE_SPEECH, terms="vermin"
    )

    def create(on, author, body, parent=None):
        return walk.step(
            "comment_create",
            lambda: discussion.comment_create(
                consultation=on, author=author, body=body, display_mode="pseudonym", parent=parent
            ),
        )

    plain = create(consultation, alice, "A plain comment on the plan.")
    reply = create(consultation, bob, "A reply to it.", parent=plain)
    other = create(consultation, carol, "Another view entirely.")
    create(premoderated, alice, "Held by pre-moderation.")
    create(consultation, bob, "A link from a new account: https://example.org/")
    slur = create(consultation, alice, "People who disagree with me are vermin.")
    for author in (alice, bob, carol):
        create(
            consultation,
            author,
            "Stop the face recognition cameras at every single station in our city right now!",
        )
    for n in range(7):  # a burst from one account
        create(consultation, carol, f"Carol's point number {n} about the cameras.")

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
        lambda: discussion.position_set(consultation=consultation, user=bob, stance="oppose"),
    )
    walk.step(
        "position_withdraw",
        lambda: discussion.position_withdraw(consultation=consultation, user=bob),
    )
    Comment.objects.filter(pk=plain.pk).update(agree_count=7)
    walk.written_behind_the_services()
    walk.step(
        "comment_counters_rebuild",
        lambda: discussion.comment_counters_rebuild(consultation=consultation),
    )

    walk.step(
        "comment_hold_automated",
        lambda: comment_hold_automated(
            comment=other,
            screening=Screening(check="terms:en", version=4, rule_code="hate_speech"),
        ),
    )
    walk.step("comment_approve", lambda: comment_approve(comment=other, moderator=mona))
    # What comment_create does inside its transaction, for a comment saved by other means.
    unscreened = Comment.objects.create(
        consultation=premoderated,
        author=bob,
        author_display_mode="named",
        author_stakeholder_group="affected",
        body_source="Saved, not yet screened.",
        body_html="<p>Saved, not yet screened.</p>",
    )
    walk.written_behind_the_services()
    walk.step("comment_screen", lambda: comment_screen(comment=unscreened))
    walk.step("comment_approve", lambda: comment_approve(comment=unscreened, moderator=mona))
    walk.step(
        "comment_hide", lambda: comment_hide(comment=slur, moderator=mona, rule_code=RuleCode.SPAM)
    )  # a held comment hidden
    walk.step(
        "flag_create", lambda: flag_create(comment=reply, flagger=alice, rule_code=RuleCode.SPAM)
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
    lock = walk.step(
        "thread_lock",
        lambda: thread_lock(comment=plain, moderator=mona, rule_code=RuleCode.OFF_TOPIC),
    )
    walk.step(
        "thread_unlock",
        lambda: thread_unlock(comment=plain, moderator=max_, rule_code=RuleCode.OFF_TOPIC),
    )
    group = [post_comment(consultation, user, "Keep the trains safe.") for user in (alice, bob)]
    walk.step(
        "campaign_mark",
        lambda: campaign_mark(comments=group, moderator=mona, rule_code=RuleCode.SPAM),
    )
    third = post_comment(consultation, carol, "Keep the trains safe.")
    walk.step(
        "campaign_attach",
        lambda: campaign_attach(comments=[third], campaign=group[0].campaign, automated=True),
    )
    suspension = walk.step(
        "participant_suspend",
        lambda: participant_suspend(
            user=carol,
            consultation=consultation,
            moderator=mona,
            rule_code=RuleCode.HARASSMENT,
            until=timezone.now() + timedelta(days=2),
        ),
    )
    hide = walk.step(
        "comment_hide",
        lambda: comment_hide(comment=other, moderator=mona, rule_code=RuleCode.SPAM),
    )
    for decision, appellant, outcome in (
        (lock, alice, "upheld"),
        (suspension, carol, "reversed"),
        (hide, carol, "reversed"),
    ):
        appeal = walk.step(
            "appeal_file",
            functools.partial(
                appeal_file, decision=decision, appellant=appellant, statement="Please look again."
            ),
        )
        walk.step(
            "appeal_decide",
            functools.partial(
                appeal_decide, appeal=appeal, reviewer=max_, outcome=outcome, reasons="Reviewed."
            ),
        )

    # The discussion's own writes on a participant's comment.
    dave = make_user("dave@example.org", display_name="Dave Moreau")
    own = post_comment(consultation, dave, "Mine to change.")
    walk.step(
        "comment_edit", lambda: discussion.comment_edit(comment=own, author=dave, body="Changed.")
    )
    walk.step(
        "reaction_set", lambda: discussion.reaction_set(comment=own, user=alice, value="agree")
    )
    walk.step("reaction_withdraw", lambda: discussion.reaction_withdraw(comment=own, user=alice))
    walk.step("comment_delete", lambda: discussion.comment_delete(comment=own, author=dave))
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
        lambda: discussion.contributions_erase_for_user(user=bob, mode="anonymise"),
    )
