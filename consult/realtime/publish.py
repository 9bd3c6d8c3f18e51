"""What services tell the live streams. Only services call these; each schedules its event
for after the surrounding transaction commits, so a rolled-back write never reaches a socket.

The functions are the contract between the domain and consult.realtime's consumers.
"""

from consult.discussion.models import Comment


def comment_changed(comment: Comment, *, kind: str) -> None:
    """`kind`: created, edited, removed (by its author), held, hidden, approved, restored."""


def tallies_changed(*, consultation_id: int) -> None:
    """Positions or reactions changed; streams coalesce these."""


def status_changed(*, consultation_id: int, status: str) -> None:
    """The consultation opened, closed, or its summary was published."""


def moderation_changed(*, kind: str, consultation_id: int, comment_id: int | None) -> None:
    """The moderators' queue changed: an item was held or flagged, or a decision taken."""
