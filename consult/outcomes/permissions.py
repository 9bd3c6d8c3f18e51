"""Who may do what with outcomes. Summaries are edited in Wagtail under its own page
permissions; following is open to everyone."""

from accounts.permissions import has_mfa, needs_mfa


def can_tag_themes(user) -> bool:
    """Staff (moderators, editors, admins) who have MFA on may create themes and tag
    comments with them: they read every comment, held ones included."""
    return needs_mfa(user) and has_mfa(user)


def can_decide_theme_suggestions(user, consultation) -> bool:
    """Machine suggestions become themes a summary answers: only staff with MFA who may
    edit the consultation's pages in Wagtail (editors, administrators) ask for and decide
    them."""
    if not (user.is_authenticated and can_tag_themes(user)):
        return False
    return consultation.permissions_for_user(user).can_edit()
