"""Every write of a consultation's schedule from the admin: opening or closing it now.

A consultation's dates live on its Wagtail page, so a change goes through a published
revision (the live page, the cache and the history all follow) on the source page and each of
its translations, which take their dates from it. An editor's unpublished draft stays the
latest revision, with the new date, so publishing it later does not undo the change.
Followers are told by the announcer (`manage.py run_scheduler` runs it every minute)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import User
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.consultations.status import ConsultationStatus

OPENED_NOW = "consultations.opened_now"
CLOSED_NOW = "consultations.closed_now"


def consultation_open_now(*, consultation: ConsultationPage, user: User) -> ConsultationPage:
    """Open an upcoming, published consultation at once. Returns the canonical page."""
    source = _source(consultation, user)
    if source.status != ConsultationStatus.UPCOMING:
        raise ValidationError(_("Only a consultation that has not opened yet can be opened now."))
    return _reschedule(source, user=user, field="opens_at", action=OPENED_NOW)


def consultation_close_now(*, consultation: ConsultationPage, user: User) -> ConsultationPage:
    """Close an open, published consultation at once. Returns the canonical page."""
    source = _source(consultation, user)
    if source.status != ConsultationStatus.OPEN:
        raise ValidationError(_("Only an open consultation can be closed now."))
    return _reschedule(source, user=user, field="closes_at", action=CLOSED_NOW)


def _source(consultation: ConsultationPage, user: User) -> ConsultationPage:
    source = canonical_consultation(consultation)
    if not source.permissions_for_user(user).can_publish():
        raise PermissionDenied
    if not source.live:
        raise ValidationError(
            _("Publish the consultation first: its dates then decide when it opens.")
        )
    return source


def _reschedule(source: ConsultationPage, *, user: User, field: str, action: str):
    # Whole seconds: a revision's JSON keeps milliseconds only, and the live page and its
    # revision must agree.
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        pages = ConsultationPage.objects.filter(translation_key=source.translation_key, live=True)
        pages = list(pages.select_for_update().order_by("pk"))
        # The source alone: its translations follow it (`consultation_published`).
        _publish_with(source, user=user, **{field: now})
        for page in pages:
            log(instance=page, action=action, user=user, data={field: now.isoformat()})
    source.refresh_from_db()
    return source


def consultation_published(*, page: ConsultationPage, user: User | None) -> None:
    """A language version of a consultation was published. When it is the source, each live
    translation whose dates differ is republished with the source's, so that every language
    opens and closes at once (a translation's own revisions cannot change its dates:
    `ConsultationPage.with_content_json`)."""
    source = ConsultationPage.objects.filter(pk=page.pk).select_related("locale").first()
    if source is None or canonical_consultation(source).pk != source.pk:
        return
    translations = (
        ConsultationPage.objects.filter(translation_key=source.translation_key, live=True)
        .exclude(pk=source.pk)
        .exclude(opens_at=source.opens_at, closes_at=source.closes_at)
    )
    for translation in translations.order_by("pk"):
        _publish_with(translation, user=user, opens_at=source.opens_at, closes_at=source.closes_at)


def _publish_with(page: ConsultationPage, *, user: User, **dates) -> None:
    draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else None
    live = page.specific
    for name, value in dates.items():
        setattr(live, name, value)
    live.save_revision(user=user, log_action=False).publish(user=user, log_action=False)
    if draft is not None:
        for name, value in dates.items():
            setattr(draft, name, value)
        draft.save_revision(user=user, log_action=False)
