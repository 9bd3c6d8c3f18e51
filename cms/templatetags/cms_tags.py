"""Navigation, footer and language links for base.html, each in a fixed number of queries."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from cms.models import StandardPage

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    title: str
    url: str
    current: bool


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str


def _home_url(language_code: str) -> str:
    """The home page of a language: "/" or "/fr/"; Wagtail serves that locale's root there."""
    with translation.override(language_code):
        return reverse("wagtail_serve", args=[""])


def _localized_home(request: HttpRequest) -> Page | None:
    """The site's root page in the active language, else the root page itself (one query)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    if translation.get_language() == settings.LANGUAGE_CODE:
        return root
    translated = (
        Page.objects.live()
        .filter(
            translation_key=root.translation_key, locale__language_code=translation.get_language()
        )
        .first()
    )
    return translated or root


def _fixed_links() -> list[tuple[str, str]]:
    return [
        (_("Consultations"), reverse("wagtail_serve", args=["consultations/"])),
        (_("AI systems"), reverse("ai_systems:index")),
    ]


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> list[NavLink]:
    """The fixed sections, then the home page's children marked "show in menus"."""
    request = context.get("request")
    if request is None:
        return []
    path = request.path
    links = [NavLink(str(title), url, path.startswith(url)) for title, url in _fixed_links()]
    home = _localized_home(request)
    if home is None:
        return links
    seen = {link.url for link in links}
    for page in home.get_children().live().in_menu():
        url = page.get_url(request)
        if url and url not in seen:
            links.append(NavLink(page.title, url, path.startswith(url)))
    return links


@register.simple_tag(takes_context=True)
def footer_pages(context: template.Context) -> list[NavLink]:
    """Standard pages flagged "show in footer", in the active language where translated."""
    request = context.get("request")
    if request is None:
        return []
    active, default = translation.get_language(), settings.LANGUAGE_CODE
    chosen: dict = {}
    pages = (
        StandardPage.objects.live()
        .filter(show_in_footer=True, locale__language_code__in={active, default})
        .select_related("locale")
        .order_by("path")
    )
    for page in pages:
        # Prefer the page in the active language; fall back to the default language's.
        if page.translation_key not in chosen or page.locale.language_code == active:
            chosen[page.translation_key] = page
    path = request.path
    links = []
    for page in sorted(chosen.values(), key=lambda page: page.path):
        url = page.get_url(request)
        if url:
            links.append(NavLink(page.title, url, path == url))
    return links


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[LanguageLink]:
    """Links to this same page in every other language.

    A Wagtail page links to its live translation, or to that language's home page when it
    has none; any other view links to its own URL under the other language's prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        if isinstance(page, Page):
            translated = (
                page.get_translations(inclusive=True)
                .live()
                .filter(locale__language_code=code)
                .first()
            )
            url = (translated and translated.get_url(request)) or _home_url(code)
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = _home_url(code)
        name = translation.get_language_info(code)["name_local"]
        links.append(LanguageLink(code, name[:1].upper() + name[1:], url))
    return links


@register.simple_tag
def home_url() -> str:
    return _home_url(translation.get_language())


@register.simple_tag(takes_context=True)
def standard_page_url(context: template.Context, slug: str) -> str:
    """The URL of the live standard page with this slug (the privacy notice, say), in the
    active language where translated; empty when there is none."""
    active, default = translation.get_language(), settings.LANGUAGE_CODE
    pages = {
        page.locale.language_code: page
        for page in StandardPage.objects.live()
        .filter(slug=slug, locale__language_code__in={active, default})
        .select_related("locale")
    }
    page = pages.get(active) or pages.get(default)
    return (page and page.get_url(context.get("request"))) or ""
