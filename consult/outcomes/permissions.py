"""Who may do what with outcomes. Summaries are edited in Wagtail under its own page
permissions; following is open to everyone."""

from accounts.permissions import has_mfa, needs_mfa


def can_tag_themes(user) -> bool:
    """Staff (moderators, editors, admins) who have MFA on may create themes and tag
    comments with them: they read every comment, held ones included."""
    return needs_mfa(user) and has_mfa(user)
