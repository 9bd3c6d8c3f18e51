"""Every relation that points at a user, and what the export does with it.

Each foreign key (or one-to-one) to the user model is either EXPORTED (with the columns
that must never leave, like secrets) or EXCLUDED with the reason. A model added later that
holds user data is in neither, and tests/privacy/test_privacy_coverage.py fails until someone
decides. Relations are named "app_label.Model.field".
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# relation -> columns left out of the export.
EXPORTED: dict[str, frozenset[str]] = {
    "accounts.Profile.user": frozenset(),
    "accounts.ConsentRecord.user": frozenset(),
    "accounts.DataExport.user": frozenset({"file_name"}),
    "accounts.AccountDeletion.user": frozenset(),
    "accounts.IdentityAccess.subject": frozenset(),
    "accounts.IdentityAccess.accessor": frozenset(),
    "account.EmailAddress.user": frozenset(),
    # The secret, the recovery codes and the key material stay in the database.
    "mfa.Authenticator.user": frozenset({"data"}),
    "discussion.Participation.user": frozenset(),
    "discussion.Comment.author": frozenset(),
    "discussion.Position.user": frozenset(),
    "discussion.Reaction.user": frozenset(),
    "questionnaires.Response.user": frozenset(),
    "moderation.Flag.flagger": frozenset(),
    "moderation.Appeal.appellant": frozenset({"reviewer"}),
    "moderation.ModerationDecision.subject": frozenset({"moderator"}),
    "moderation.Suspension.user": frozenset(),
    "notifications.Notification.user": frozenset(),
    "outcomes.Follow.user": frozenset(),
    "outcomes.CitationNotice.user": frozenset(),
    "outcomes.CitationContest.author": frozenset(),
    # An editor's own requests for analysts' spreadsheets; the file holds others' data.
    "exports.SpreadsheetExport.requested_by": frozenset({"file_name"}),
    "wagtailusers.UserProfile.user": frozenset(),
}

EDITORIAL = _(
    "Editorial work of staff in the CMS (pages, revisions, workflows, uploads, locks, review "
    "comments): the public body's record, not a participant's contribution."
)
MODERATION_WORK = _(
    "Moderation work of staff: the platform's record of its decisions, whose moderator "
    "identities are dropped after the retention period set for audit entries."
)
EXCLUDED: dict[str, str] = {
    "moderation.ModerationDecision.moderator": MODERATION_WORK,
    "moderation.Appeal.reviewer": MODERATION_WORK,
    "moderation.AuditActor.user": MODERATION_WORK,
    "accounts.User_groups.user": _("Exported in the user record as group names."),
    "accounts.User_user_permissions.user": _("Exported in the user record as permission names."),
    "consultations.AISystem.locked_by": EDITORIAL,
    "wagtaildocs.Document.uploaded_by_user": EDITORIAL,
    "wagtailimages.Image.uploaded_by_user": EDITORIAL,
    "wagtailadmin.EditingSession.user": EDITORIAL,
    "wagtailadmin.FormState.user": EDITORIAL,
    "wagtailcore.APIToken.user": _("Secret API credentials of staff; never exported."),
    "wagtailcore.Revision.user": EDITORIAL,
    "wagtailcore.UploadedFile.uploaded_by_user": EDITORIAL,
    "wagtailcore.WorkflowState.requested_by": EDITORIAL,
    "wagtailcore.TaskState.finished_by": EDITORIAL,
    "wagtailcore.Page.locked_by": EDITORIAL,
    "wagtailcore.Page.owner": EDITORIAL,
    "wagtailcore.Comment.user": EDITORIAL,
    "wagtailcore.Comment.resolved_by": EDITORIAL,
    "wagtailcore.CommentReply.user": EDITORIAL,
    "wagtailcore.PageSubscription.user": EDITORIAL,
    "wagtailcore.ModelLogEntry.user": EDITORIAL,
    "wagtailcore.PageLogEntry.user": EDITORIAL,
}


def relation_name(field: models.Field) -> str:
    return f"{field.model._meta.label}.{field.name}"


def user_relations() -> list[models.ForeignKey]:
    """Every concrete foreign key or one-to-one, in any installed model, to the user model,
    hidden ones (related_name="+", auto-created many-to-many tables) included."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            if (
                field.concrete
                and field.is_relation
                and field.many_to_one | field.one_to_one
                and field.related_model is user_model
            ):
                found.append(field)
    return found


def exported_relations() -> list[tuple[models.ForeignKey, frozenset[str]]]:
    return [
        (f, EXPORTED[relation_name(f)]) for f in user_relations() if relation_name(f) in EXPORTED
    ]
