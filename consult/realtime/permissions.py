"""Who may listen to which stream."""

from collections.abc import Callable

from consult.consultations.access import can_read, reader_for
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.realtime.events import variant_for


def listener_facts(user, page_id: int, *, session) -> tuple[int, str] | None:
    """(canonical consultation id, the stream variant for `user`) when `user` may read the
    consultation page `page_id`, else None. The read gate decides, as for the page: a
    password restriction needs the password entered in this session."""
    page = ConsultationPage.objects.live().with_id(page_id).first()
    if page is None or not can_read(reader_for(user, session), page):
        return None
    consultation = canonical_consultation(page)
    return consultation.pk, variant_for(user, consultation)


# Filled by the moderation app (its AppConfig.ready()): the streams sit below the services
# that publish to them, so they ask who is a moderator without importing moderation.
_moderator_checks: list[Callable[..., bool]] = []


def register_moderator_check(check: Callable[..., bool]) -> None:
    if check not in _moderator_checks:
        _moderator_checks.append(check)


def can_moderate(user) -> bool:
    """Whether `user` may hear the moderators' queue: no one unless an app says so."""
    return any(check(user) for check in _moderator_checks)
