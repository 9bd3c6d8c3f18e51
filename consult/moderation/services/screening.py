"""New comments through pre-moderation and the automated pre-screen."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from consult.consultations.models import ModerationMode
from consult.core.errors import refuse
from consult.discussion.models import Comment
from consult.moderation import prescreen
from consult.moderation.models import ModerationDecision, PrescreenSettings
from consult.moderation.services.decisions import hold


def comment_screen(*, comment: Comment) -> ModerationDecision | None:
    """Run by the discussion's comment_create, through its COMMENT_SCREEN_HOOK, inside its
    transaction once the comment is saved: hold it when its consultation is pre-moderated
    or an automated check fires. Never hides. Refuses a reply to a thread locked meanwhile."""
    if comment.thread_id:
        root = Comment.objects.select_for_update().only("locked_at").get(pk=comment.thread_id)
        if root.locked_at:
            refuse(_("This thread is locked: no new replies can be posted."))
    screening = prescreen.screen(comment)
    premoderated = comment.consultation.moderation_mode == ModerationMode.PRE
    if screening is None and not premoderated:
        return None
    return hold(comment, screening=screening)


def prescreen_settings_save(
    *, settings: PrescreenSettings, save: Callable[[], object] | None = None
) -> PrescreenSettings:
    """Save the pre-screen's settings as a new version: each hold names the version it was
    made under, so a decision can be traced to the settings that made it. `save` writes them
    (the admin's form, which writes the term lists too); by default, the settings alone."""
    settings.version = (settings.version or 0) + 1
    (save or settings.save)()
    return settings
