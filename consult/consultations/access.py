"""The one read gate: who may see a consultation, and so anything inside it.

A reader may see a consultation when its page is live and every Wagtail view restriction on
the page or its ancestors accepts them (sign-in, groups, or a password entered in this
session): the rule Wagtail applies when it serves the page, asked through Wagtail's own
`PageViewRestriction.accept_request` (a group restriction through `accepts`, which reads
the reader's groups once rather than once per restriction). Every path that names a
consultation or something in it (comments, reactions, positions, questionnaires, follows
and their mails, feeds, the API, exports, transparency, opinion groups, sockets) asks here,
and refuses with a 404 that names nothing. Contributions belong to the canonical page
(consultations.queries), so a comment is readable when that page is, and a translation
only to whoever may read that page too.

A reader is anything with `user` and `session`, as Wagtail's check needs: a request, a
socket's scope, or `nobody()` for what goes out to anyone (feeds, open data, mails to an
address that has no account).
"""

from collections.abc import Callable
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction

from consult.consultations.models import ConsultationPage
from consult.core.rows import table


def nobody() -> SimpleNamespace:
    """A reader who is signed out and has entered no password: the public."""
    return SimpleNamespace(user=AnonymousUser(), session={})


def reader_for(user, session=None) -> SimpleNamespace:
    """A reader for `user` outside a request (a socket, a mail): no password entered
    unless `session` says so."""
    return SimpleNamespace(user=user, session=session if session is not None else {})


def _group_ids(reader) -> frozenset[int]:
    """The ids of the reader's groups, read once per reader: Wagtail's check reads them
    again for every group restriction, a query each, and a listing asks about every
    restricted consultation."""
    known = getattr(reader, "consult_group_ids", None)
    if known is None:
        user = reader.user
        known = frozenset(user.groups.values_list("pk", flat=True) if user.is_authenticated else ())
        reader.consult_group_ids = known
    return known


def accepts(restriction: BaseViewRestriction, reader) -> bool:
    """Wagtail's `accept_request`, with the reader's groups read once (_group_ids). The
    restriction's own groups should be prefetched by the caller."""
    if restriction.restriction_type != BaseViewRestriction.GROUPS:
        return restriction.accept_request(reader)
    if reader.user.is_superuser:
        return True
    return not _group_ids(reader).isdisjoint(group.pk for group in restriction.groups.all())


def view_restrictions(page: Page) -> QuerySet:
    """The restrictions on `page` and its ancestors, as Wagtail's
    `Page.get_view_restrictions` finds them (an alias answers to its source's), in one
    query instead of two: the ancestors are the prefixes of the page's tree path, so they
    need not be read first. Every reaction asks this."""
    prefixes = [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    aliased = Page.objects.filter(path__in=prefixes, alias_of__isnull=False).values("alias_of")
    return PageViewRestriction.objects.filter(
        Q(page__path__in=prefixes) | Q(page__in=aliased)
    ).prefetch_related("groups")


def restricted_sql(page: str) -> str:
    """An SQL condition, true when view_restrictions would find any restriction for the
    `wagtailcore_page` row aliased `page`: one on an ancestor (a page whose tree path
    prefixes its own) or on what such an ancestor is an alias of. A query that reads a page
    anyway answers with it whether the restrictions need reading at all (most pages have
    none), for less than the restrictions' own query costs."""
    restriction, tree = table(PageViewRestriction), table(Page)
    ancestor = f"substr({page}.path, 1, length(a.path)) = a.path"
    return f"""(
        EXISTS (SELECT 1 FROM {restriction} r JOIN {tree} a ON a.id = r.page_id
                WHERE {ancestor})
        OR EXISTS (SELECT 1 FROM {restriction} r JOIN {tree} a ON a.alias_of_id = r.page_id
                   WHERE {ancestor})
    )"""  # noqa: S608


def read_check(
    page: ConsultationPage, *, drafts: bool = False, restricted: bool = True, source: bool = False
) -> Callable[[object], bool]:
    """can_read for many readers of one page, its restrictions read once: a mail to each of
    a consultation's followers asks it for every one. `restricted=False`: the caller read
    with the page that no restriction applies to it (restricted_sql); `source`: the caller
    knows `page` is the one contributions belong to (a comment's consultation), so no
    source of a translation is looked for."""
    if not (page.live or drafts):
        return lambda reader: False
    restrictions = list(view_restrictions(page)) if restricted else []
    if not source:
        restrictions += _source_restrictions(page)
    return lambda reader: all(accepts(restriction, reader) for restriction in restrictions)


def _source_restrictions(page: ConsultationPage) -> list:
    """The restrictions of the page a translation's contributions belong to, when `page` is
    a translation: it shows that page's discussion, so whoever that page refuses is refused
    the translation too (Wagtail restricts each page alone, and a translation made before
    its source was restricted carries none)."""
    # Imported here: the queries module reads through this one.
    from consult.consultations.queries import canonical_consultation

    source = canonical_consultation(page)
    return [] if source.pk == page.pk else list(view_restrictions(source))


def translation_readable(reader, page: ConsultationPage) -> bool:
    """Whether the restrictions of the page `page`'s contributions belong to accept
    `reader` (those of `page` itself are Wagtail's to check when it serves it)."""
    return all(accepts(restriction, reader) for restriction in _source_restrictions(page))


def can_read(
    reader,
    page: ConsultationPage,
    *,
    drafts: bool = False,
    restricted: bool = True,
    source: bool = False,
) -> bool:
    """Whether `reader` may see `page`. `drafts`: staff tools (exports) also reach pages
    that are not live, under the same view restrictions; `restricted`, `source`: see
    read_check."""
    return read_check(page, drafts=drafts, restricted=restricted, source=source)(reader)


def readable_or_404(
    reader, page: ConsultationPage | None, *, restricted: bool = True, source: bool = False
) -> ConsultationPage:
    """`page` when `reader` may see it; otherwise Http404, whether or not it exists.
    `restricted`, `source`: see read_check."""
    if page is None or not can_read(reader, page, restricted=restricted, source=source):
        raise Http404
    return page


def translation_or_404(reader, page: ConsultationPage) -> ConsultationPage:
    """`page`, which `reader` may see, in the active language, when they may see that
    version too: another language's page may carry restrictions of its own, and the same
    page is not asked about twice."""
    localized = page.localized.specific
    # Its source, `page`, was asked about already.
    return localized if localized.pk == page.pk else readable_or_404(reader, localized, source=True)


def readable_consultations(reader=None, *, drafts: bool = False) -> QuerySet:
    """The consultations `reader` may see (listings, feeds, the API): live (or any, with
    `drafts`), and outside every view restriction that does not accept them. Without a
    reader, what the public may see."""
    pages = ConsultationPage.objects.all() if drafts else ConsultationPage.objects.live()
    if reader is None:
        private = pages.private_q()  # the one query public() makes
        return _without_translations_of(
            pages.exclude(private), ConsultationPage.objects.filter(private)
        )
    refused = Q()
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related(
        "groups"
    ):
        if not accepts(restriction, reader):
            refused |= Q(path__startswith=restriction.page.path)
    if not refused:
        return pages
    return _without_translations_of(
        pages.exclude(refused), ConsultationPage.objects.filter(refused)
    )


def _without_translations_of(pages: QuerySet, refused: QuerySet) -> QuerySet:
    """`pages` but the translations of the `refused` pages in the default language, which
    contributions belong to (see _source_restrictions)."""
    default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    sources = refused.filter(locale__language_code=default_code).values("translation_key")
    return pages.exclude(translation_key__in=sources)


def readable_consultation_or_404(reader, page_id: int) -> ConsultationPage:
    """The live consultation page `page_id` when `reader` may see it, else Http404."""
    page = ConsultationPage.objects.live().with_id(page_id).select_related("locale").first()
    return readable_or_404(reader, page)


def signed_in_refusal(request, page) -> bool:
    """Whether a signed-in reader is refused `page` by a sign-in or group restriction.
    Wagtail sends such a reader to sign in, where they can do nothing: they get the gate's
    404 instead. A password restriction still asks for its password."""
    return request.user.is_authenticated and any(
        restriction.restriction_type != PageViewRestriction.PASSWORD
        and not accepts(restriction, request)
        # As Wagtail's own check asks, so a page served from a remembered route reads none.
        for restriction in page.get_view_restrictions()
    )
