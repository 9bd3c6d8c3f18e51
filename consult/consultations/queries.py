"""Reads about consultations and AI systems, shared by pages, the register, the home page,
the API and exports. Each returns what the public may see: live, public, in the given locale."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from wagtail import hooks
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from consult.consultations.access import readable_consultations
from consult.consultations.models import AISystem, ConsultationPage
from consult.consultations.status import ConsultationStatus, status_q


def _locale_q(locale: Locale | str) -> Q:
    if isinstance(locale, Locale):
        return Q(locale=locale)
    return Q(locale__language_code=locale)


def _language_code(locale: Locale | str) -> str:
    return locale.language_code if isinstance(locale, Locale) else locale


def in_locale_with_fallback(queryset: QuerySet, *, locale: Locale | str) -> QuerySet:
    """Rows in `locale`, plus the default locale's rows that have no translation among
    `queryset` in `locale`. Filter `queryset` for visibility (live, ...) before calling."""
    default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    if _language_code(locale) == default_code:
        return queryset.filter(_locale_q(locale))
    translated = queryset.filter(_locale_q(locale)).values("translation_key")
    return queryset.filter(
        _locale_q(locale)
        | (Q(locale__language_code=default_code) & ~Q(translation_key__in=translated))
    )


def one_per_consultation(queryset: QuerySet) -> QuerySet:
    """`queryset` without the translations whose default-language version it also holds: one
    page per consultation, the one its contributions belong to (`canonical_consultation`)."""
    default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    in_default = queryset.filter(locale__language_code=default_code).values("translation_key")
    return queryset.filter(
        Q(locale__language_code=default_code) | ~Q(translation_key__in=in_default)
    )


def _public_consultations() -> QuerySet:
    return readable_consultations().select_related("ai_system")


def open_consultations(*, locale: Locale | str, limit: int = 6) -> list[ConsultationPage]:
    """Open consultations in `locale`, closing soonest first (the home page shows these)."""
    return list(
        _public_consultations()
        .filter(_locale_q(locale))
        .with_status(ConsultationStatus.OPEN)
        .order_by("closes_at", "pk")[:limit]
    )


def consultations_for_listing(
    *,
    locale: Locale | str,
    status: ConsultationStatus | str | None = None,
    query: str | None = None,
):
    """Consultations in `locale`, newest first, optionally of one status and matching a
    search. Returns a queryset, or search results when `query` is given; both paginate."""
    consultations = _public_consultations().filter(_locale_q(locale))
    if status:
        consultations = consultations.with_status(status)
    consultations = consultations.order_by("-opens_at", "-id")
    if query:
        return consultations.search(query, order_by_relevance=False)
    return consultations


def consultations_on_system(*, system: AISystem, locale: Locale | str) -> list[ConsultationPage]:
    """Consultations held on any language version of `system`, newest first."""
    on_system = _public_consultations().filter(ai_system__translation_key=system.translation_key)
    return list(in_locale_with_fallback(on_system, locale=locale).order_by("-opens_at", "-pk"))


def _live_systems(locale: Locale | str) -> QuerySet:
    return in_locale_with_fallback(AISystem.objects.filter(live=True), locale=locale)


def ai_systems_for_register(
    *,
    locale: Locale | str,
    phase: str | None = None,
    impact_level: int | None = None,
    biometric: bool | None = None,
    moderation: bool | None = None,
) -> list[AISystem]:
    """Published cards for the register, in `locale` or else the default language."""
    systems = _live_systems(locale)
    if phase:
        systems = systems.filter(lifecycle_phase=phase)
    if biometric is not None:
        systems = systems.filter(is_remote_biometric_identification=biometric)
    if moderation is not None:
        systems = systems.filter(is_automated_content_moderation=moderation)
    # The level is a pure function of the answers, computed in Python so it can never go
    # stale; the register holds tens of systems, not thousands.
    results = list(systems.order_by("name", "pk"))
    if impact_level:
        results = [system for system in results if system.assessment.level == impact_level]
    return results


def ai_system_for_register(*, locale: Locale | str, slug: str) -> AISystem | None:
    return _live_systems(locale).filter(slug=slug).first()


# Apps that keep records about a system (its rights impact assessment, its registrations) link
# them from its register entry: each hook is fn(system, locale) -> [(label, url), ...].
AI_SYSTEM_RECORDS_HOOK = "ai_system_records"


def ai_system_records(*, system: AISystem, locale: Locale) -> list[tuple[str, str]]:
    return [link for fn in hooks.get_hooks(AI_SYSTEM_RECORDS_HOOK) for link in fn(system, locale)]


def canonical_consultation(page: ConsultationPage) -> ConsultationPage:
    """The one page that a consultation's contributions belong to, whatever language they
    were written from: the default-language version, or the page itself if it has none.
    Comments, positions, reactions and responses all point at it, so English and French
    readers take part in one consultation."""
    default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    if page.locale.language_code == default_code:
        return page
    source = (
        ConsultationPage.objects.filter(
            translation_key=page.translation_key, locale__language_code=default_code
        )
        .select_related("locale")
        .first()
    )
    return source or page


def editable_consultations(user) -> QuerySet:
    """The consultations `user` may edit in the admin, in the default language only (a
    translation shares its source's dates and contributions)."""
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change"])
    default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return ConsultationPage.objects.filter(
        pk__in=editable.values("pk"), locale__language_code=default_code
    )


def closing_soon(pages: QuerySet, *, now: datetime, days: int = 7) -> list[ConsultationPage]:
    """Of `pages`, the live consultations open now that close within `days`, soonest first."""
    return list(
        pages.live()
        .filter(status_q(ConsultationStatus.OPEN, now=now), closes_at__lte=now + timedelta(days))
        .order_by("closes_at", "pk")
    )
