"""What happens to a leaving participant's contributions, app by app.

accounts imports nothing from consult.* (the import direction is config -> cms -> consult.* ->
accounts), so these handlers reach the models through the app registry. They belong in the
apps that own the data; until those apps offer their own erase services, they live here and
only touch fields whose meaning those apps document (see the report of issue 7).

mode "anonymise": the words stay, shown as a former participant; nothing identifying remains.
mode "delete": the words go; a comment that has replies becomes a tombstone so the thread
still reads, exactly as when its author removes it (consult.discussion.services.comment_delete).
"""

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.utils.module_loading import import_string

from accounts.models import User
from accounts.privacy.models import DeletionMode

REMOVED_BY_AUTHOR = "removed_by_author"


def _erase_comments(user: User, mode: str) -> None:
    comment_model = apps.get_model("discussion", "Comment")
    own = comment_model.objects.filter(author=user)
    if mode == DeletionMode.ANONYMISE:
        own.update(author=None, author_organisation="")
        return
    # Leaves first, repeatedly, so a chain of the user's own replies goes entirely.
    has_replies = Exists(comment_model.objects.filter(parent=OuterRef("pk")))
    while own.filter(~has_replies).exists():
        own.filter(~has_replies).delete()
    kept = list(own.values_list("pk", flat=True))
    apps.get_model("discussion", "CommentRevision").objects.filter(comment__in=kept).delete()
    comment_model.objects.filter(pk__in=kept).update(
        author=None,
        author_organisation="",
        body_source="",
        body_html="",
        state=REMOVED_BY_AUTHOR,
    )


def _erase_reactions(user: User) -> None:
    """Reactions and positions go with the account (their rows need a user); the comment
    counters they fed are recounted by the discussion app's own service."""
    reaction_model = apps.get_model("discussion", "Reaction")
    consultation_ids = set(
        reaction_model.objects.filter(user=user).values_list("consultation_id", flat=True)
    )
    reaction_model.objects.filter(user=user).delete()
    rebuild = import_string("consult.discussion.services.comment_counters_rebuild")
    page_model = apps.get_model("consultations", "ConsultationPage")
    for consultation in page_model.objects.filter(pk__in=consultation_ids):
        rebuild(consultation=consultation)


def _erase_responses(user: User, mode: str) -> None:
    responses = apps.get_model("questionnaires", "Response").objects.filter(user=user)
    if mode == DeletionMode.ANONYMISE:
        responses.update(user=None, organisation="")
    else:
        responses.delete()


def contributions_erase(*, user: User, mode: str) -> None:
    if apps.is_installed("consult.discussion"):
        _erase_comments(user, mode)
        _erase_reactions(user)
    if apps.is_installed("consult.questionnaires"):
        _erase_responses(user, mode)
