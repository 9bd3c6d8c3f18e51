"""Who may listen to which stream."""

from consult.consultations.access import can_read, nobody, read_check, reader_for
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.versions import SITE_VERSION_KEY, versions
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


def may_still_listen(user, page_id: int, *, session, open_under: tuple | None = None) -> bool:
    """Whether a socket opened on page `page_id` may still hear its stream: the gate is asked
    again, as a page made private, unpublished or moved, or a reader taken out of a group,
    must stop reaching a socket opened before. `open_under`: what its group's pages were
    last found open to anyone under (group_refusals); while the site is unchanged since, the
    answer needs no query. After an event lost on its way, every socket of a host asks at
    once, and the gate's queries, a few milliseconds each, queued behind one another for
    seconds."""
    known = open_under is not None and page_id in open_under[1]
    if known and versions((SITE_VERSION_KEY,)) == open_under[0]:
        return True
    return listener_facts(user, page_id, session=session) is not None


def group_refusals(listeners: dict, known: tuple | None) -> tuple[tuple | None, set]:
    """A group's sockets at an event, `listeners` as {key: (page id, user, session)}:
    (what names the site's state while every page of the group is one anyone may read, else
    None; the keys whose reader may no longer read their page). `known`, the name found
    before, is returned as it is while the site is unchanged, and then nobody is asked about:
    every change to who may read a page (a restriction, publishing, moving) replaces the site
    version. Otherwise each page and its restrictions are read once, for the public and for
    every reader at once (a group restriction still reads each signed-in reader's groups),
    where asking socket by socket cost a query each for every event."""
    page_ids = frozenset(page_id for page_id, _user, _session in listeners.values())
    current = (versions((SITE_VERSION_KEY,)), page_ids)
    readable = current[0][0] is not None
    if readable and current == known:
        return known, set()
    # Read after the version, so nothing is taken as open under a version newer than it.
    pages = ConsultationPage.objects.live().filter(pk__in=page_ids)
    checks = {page.pk: read_check(page) for page in pages}
    anyone = nobody()
    open_to_anyone = len(checks) == len(page_ids) and all(
        check(anyone) for check in checks.values()
    )
    if readable and open_to_anyone:
        return current, set()
    return None, {
        key
        for key, (page_id, user, session) in listeners.items()
        if page_id not in checks or not checks[page_id](reader_for(user, session))
    }
