"""How an author is named on the page: their pseudonym or name as they chose, and who is
behind a pseudonym only for those who may see identities."""

import functools

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import StakeholderGroup
from consult.discussion.models import (
    Comment,
    DisplayMode,
)

FORMER_PARTICIPANT = _("Former participant")


@functools.cache
def _translated_group_label(group: str, language: str) -> str:
    return str(StakeholderGroup(group).label)


def _group_label(group: str) -> str:
    # Asked for every comment on a page; a translation lookup each time adds up.
    return _translated_group_label(group, get_language())


def person_label(
    profile, *, display_mode: str, group: str, organisation: str, reveal: bool
) -> tuple[str, str, str | None]:
    """(label, detail, identity) of a contribution's author, as of its posting: their
    pseudonym or name, as they chose; "Former participant" once no account is behind it."""
    group = _group_label(group)
    if profile is None:
        return str(FORMER_PARTICIPANT), str(group), None
    if display_mode == DisplayMode.PSEUDONYM:
        return profile.pseudonym, str(group), profile.display_name if reveal else None
    detail = f"{organisation}, {group}" if organisation else group
    return profile.display_name, str(detail), None


def author_label(comment: Comment, *, reveal: bool) -> tuple[str, str, str | None]:
    """(label, detail, identity) for the author of `comment`, as of its posting."""
    return person_label(
        getattr(comment.author, "profile", None) if comment.author_id else None,
        display_mode=comment.author_display_mode,
        group=comment.author_stakeholder_group,
        organisation=comment.author_organisation,
        reveal=reveal,
    )
