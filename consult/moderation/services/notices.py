"""What moderation tells the people a decision concerns, in their own language."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consult.moderation.models import Action, ModerationDecision, Trigger
from consult.moderation.reasons import rule_texts
from consult.notifications.services import in_language_of, notify

APPEAL_WINDOW = timedelta(days=14)


def appeal_url(decision: ModerationDecision) -> str:
    return reverse("moderation:appeal", kwargs={"decision_id": decision.pk})


def _rule_sentence(decision: ModerationDecision) -> str:
    rule = rule_texts()[decision.rule_code]
    return f"{rule.title}: {rule.explanation}" if rule.explanation else rule.title


def _why(decision: ModerationDecision) -> str:
    if decision.trigger == Trigger.PREMODERATION and not decision.rule_code:
        return _(
            "This consultation is pre-moderated: a moderator reads every comment before it "
            "is shown. Nothing you wrote was found to break a rule."
        )
    lines = [_("The house rule: %(rule)s") % {"rule": _rule_sentence(decision)}]
    if decision.automated:
        lines.append(
            _(
                "This was decided by an automated check (%(check)s, version %(version)s), "
                "which can only hold a comment until a person reviews it."
            )
            % {"check": decision.screen_check, "version": decision.screen_version}
        )
    if decision.public_note:
        lines.append(_("The moderator's note: %(note)s") % {"note": decision.public_note})
    return "\n\n".join(lines)


_AUTHOR_NOTICES = {
    Action.HOLD: (
        lambda: _("Your comment is waiting for review"),
        lambda: _("Your comment will be shown once a moderator has reviewed it."),
    ),
    Action.HIDE: (
        lambda: _("Your comment was hidden"),
        lambda: _("A moderator hid your comment; the page shows which rule it broke."),
    ),
    Action.LOCK: (
        lambda: _("A thread you started was locked"),
        lambda: _("No one can reply to your comment any more."),
    ),
    Action.SUSPEND: (
        lambda: _("You are suspended from taking part"),
        lambda: _("You cannot post, react or answer until the date below."),
    ),
}


def notify_author(decision: ModerationDecision, user: User | None) -> None:
    """Tell whoever a visibility-reducing decision concerns which rule, why, and how to
    appeal."""
    if user is None:
        return
    with in_language_of(user):
        subject, lead = (text() for text in _AUTHOR_NOTICES[decision.action])
        parts = [lead]
        if decision.suspended_until:
            parts.append(
                _("Suspended until: %(date)s")
                % {"date": timezone.localtime(decision.suspended_until).strftime("%Y-%m-%d %H:%M")}
            )
        parts.append(_why(decision))
        parts.append(
            _("If you think this is wrong, you can appeal within %(days)d days:")
            % {"days": APPEAL_WINDOW.days}
        )
        notify(
            user=user,
            kind=f"moderation_{decision.action}",
            subject=subject,
            body="\n\n".join(parts),
            url=appeal_url(decision),
        )


def notify_simple(user: User | None, *, kind: str, subject, body, url: str = "") -> None:
    """A notice whose words are given as callables, run in the recipient's language."""
    if user is None:
        return
    with in_language_of(user):
        notify(user=user, kind=kind, subject=subject(), body=body(), url=url)
