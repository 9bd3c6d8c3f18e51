"""The addresses of a consultation's discussion listings: a sort and a page number, written
as the page's own links write them ("?sort=oldest&page=2"). The page cache keeps only these,
so made-up values can neither fill it nor be looked up in it."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.models import StakeholderGroup

SORTS = {
    "newest": (_("Newest"), ("-created_at", "-pk")),
    "oldest": (_("Oldest"), ("created_at", "pk")),
    "agreed": (_("Most agreed"), ("-agree_count", "-created_at", "-pk")),
    # What every opinion group agrees with (consult.opinions); comments not yet scored last.
    "common_ground": (
        _("Common ground first"),
        (F("consensus__score").desc(nulls_last=True), "-agree_count", "-created_at", "-pk"),
    ),
}
DEFAULT_SORT = "newest"
# The sorts whose order reactions change (the consensus score only moves with a recompute,
# which changes the whole discussion anyway).
REACTION_SORTS = frozenset({"agreed", "common_ground"})
# The only query parameters of a listing, in the order its links write them.
PARAMETERS = ("sort", "page")
# As links write a page number: no sign, no leading zero. A million pages of threads is more
# than any consultation has; whether the page exists is the listing's to say.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


@dataclass(frozen=True)
class ListingAddress:
    sort: str | None
    page: int | None

    @property
    def query(self) -> str:
        """The query string the page's links write for this listing."""
        values = zip(PARAMETERS, (self.sort, self.page), strict=True)
        return urlencode([(name, value) for name, value in values if value is not None])


class PastTheLastPage(Exception):
    """A page number past the last page of a listing, which is `last`."""

    def __init__(self, last: int):
        super().__init__(last)
        self.last = last


def _last(query: QueryDict, name: str, valid) -> str | None:
    value = query.get(name)
    return value if value is not None and valid(value) else None


def listing_address(query: QueryDict) -> ListingAddress:
    """The listing `query` asks for, leaving out a made-up sort or a malformed page number
    (the default sort, the first page)."""
    sort = _last(query, "sort", SORTS.__contains__)
    page = _last(query, "page", PAGE_NUMBER.fullmatch)
    return ListingAddress(sort=sort, page=None if page is None else int(page))


def canonical_query(query: QueryDict) -> str | None:
    """The query string of the listing `query` asks for, when it asks for nothing else;
    None otherwise."""
    if not set(PARAMETERS).issuperset(query):
        return None
    return listing_address(query).query


# A search is cut to this length: enough for a phrase, never a page of text to match.
SEARCH_MAX_LENGTH = 100


@dataclass(frozen=True)
class ListingFilter:
    """What a reader narrowed the comments to: words to find and a stakeholder group.
    Filtered listings are never kept by the page cache: their addresses are not a listing's
    own (`canonical_query`), so made-up searches cannot fill it."""

    search: str = ""
    group: str = ""

    def __bool__(self) -> bool:
        return bool(self.search or self.group)

    @property
    def query(self) -> str:
        """The filter's part of the query string, for the links of a filtered listing."""
        pairs = (("q", self.search), ("group", self.group))
        return urlencode([(name, value) for name, value in pairs if value])


def listing_filter(query: QueryDict) -> ListingFilter:
    """The filter `query` asks for: its search cut to SEARCH_MAX_LENGTH with spaces
    tidied and control characters dropped (PostgreSQL refuses a NUL in any string), and a
    known stakeholder group or none."""
    printable = "".join(char for char in query.get("q", "") if char.isprintable() or char.isspace())
    search = " ".join(printable.split())[:SEARCH_MAX_LENGTH]
    group = query.get("group", "")
    return ListingFilter(search=search, group=group if group in StakeholderGroup.values else "")
