"""Who may listen to which stream."""

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
