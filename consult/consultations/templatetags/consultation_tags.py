"""Dates as a consultation states them: every moment with its time zone, and the days left.

Cards, the page and the summary all print a deadline through `moment`, so they agree."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consult.consultations.status import ConsultationStatus

register = template.Library()


def _zone_city() -> str:
    # "Europe/Paris" -> "Paris": the place readers know the zone by.
    return timezone.get_current_timezone_name().rsplit("/", 1)[-1].replace("_", " ")


@register.simple_tag
def moment(value: datetime | None, kind: str = "DATETIME_FORMAT") -> str:
    """`value` in the reader's time zone, with the zone named: "5 April 2027, 17:00 (Paris
    time, CEST)". `kind` is a Django format name (DATE_FORMAT for the day alone)."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    text = date_format(local, get_format(kind))
    if kind != "DATE_FORMAT":
        zone = _("%(city)s time, %(abbreviation)s") % {
            "city": _zone_city(),
            "abbreviation": date_format(local, "T"),
        }
        text = f"{text} ({zone})"
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), text)


@register.simple_tag
def days_left(value: datetime | None, *, opening: bool = False) -> str:
    """How many calendar days (in the reader's time zone) until `value`: "3 days left",
    "Closes today"; with `opening`, "Opens in 3 days", "Opens today"."""
    if value is None:
        return ""
    days = (timezone.localdate(value) - timezone.localdate()).days
    if days < 0:
        return ""
    if opening:
        if days == 0:
            return _("Opens today")
        return ngettext("Opens in %(days)d day", "Opens in %(days)d days", days) % {"days": days}
    if days == 0:
        return _("Closes today")
    return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}


@register.simple_tag
def today() -> str:
    """Today's date in the reader's time zone: a cache key for what counts days."""
    return timezone.localdate().isoformat()


@register.simple_tag
def stages() -> list[tuple[str, str]]:
    """A consultation's stages, in the order it goes through them."""
    return ConsultationStatus.choices


@register.simple_tag
def page_window(number: int, count: int, *, around: int = 2) -> list[int | None]:
    """The page numbers a list of pages links to: the first, the last and `around` on each
    side of `number`, with None where numbers are left out (an ellipsis)."""
    shown = sorted({1, count, *range(max(1, number - around), min(count, number + around) + 1)})
    window: list[int | None] = []
    for page in shown:
        if window and page - window[-1] > 1:
            window.append(None)
        window.append(page)
    return window
