"""Staff input, hostile: every staff URL answers below 500, for a superuser and for a
moderator (both with MFA), whatever its query string, its path arguments and the body
posted to its form.

The staff URLs are found by walking the URLconf: the admin views our apps register, the
moderators' tools, theme tagging and opinion groups, and Wagtail's page and snippet views
of our own models (consultation and summary pages, AI system cards, house rules), where our
panels, forms and hooks run. tests/platform/test_platform_hostile_parameters.py walks the
rest of the site. A failing combination of query parameters is narrowed to the parameters
that fail alone, so the report names them.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from wagtail.blocks.base import BlockField

from tests.platform import endpoints
from tests.platform.endpoints import ADMIN, ROUTE_ARGUMENT, Pattern, url_patterns
from tests.platform.hostile_world import HOSTILE, isolated

pytestmark = pytest.mark.django_db

OUR_SNIPPETS = ("consultations/aisystem/", "moderation/houserule/")
STAFF_ROUTES = {
    "moderation/",
    "moderation/act/",
    "moderation/<int:pk>/decide/",
    "moderation/appeals/",
    "moderation/appeals/<int:pk>/decide/",
    "consultations/<int:page_id>/themes/",
    "consultations/<int:page_id>/opinion-groups/",
}
PAGES = f"{ADMIN}pages/"
ADD_PAGE = f"{PAGES}add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
# Wagtail's revision comparison is a regular expression of its own: its ids are not ours.
NOT_WALKED = {
    f"{ADMIN}snippets/{snippet}history/(?P<pk>.+)/revisions/compare/"
    r"(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$"
    for snippet in OUR_SNIPPETS
}

# Wagtail's own views failing on their own path or query arguments, no code of ours on the
# way (docs/architecture.md lists them): not walked with hostile values.
WAGTAILS_OWN = {
    # Every chooser's `id` list is looked up unchecked (docs/architecture.md).
    *((f"{ADMIN}snippets/choose/{snippet}chosen-multiple/", "id") for snippet in OUR_SNIPPETS),
    # Revision 0 reads as "not reverting" (`bool(revision_id)`), then is reverted to.
    (f"{PAGES}<int:page_id>/revisions/<int:revision_id>/revert/", "revision_id"),
    # The chooser looks its text argument up as an integer id: ValueError.
    *((f"{ADMIN}snippets/choose/{snippet}chosen/<str:pk>/", "pk") for snippet in OUR_SNIPPETS),
}

# Forms staff post, each to the URL shown where its form is (None: the same URL).
POSTED = {
    "moderation/act/": "moderation/",
    "moderation/<int:pk>/decide/": "moderation/",
    "moderation/appeals/<int:pk>/decide/": "moderation/appeals/",
    "consultations/<int:page_id>/themes/": None,
    f"{ADMIN}consultations/<int:page_id>/<str:action>-now/": f"{PAGES}<int:page_id>/edit/",
    f"{ADMIN}exports/<int:page_id>/spreadsheet/": f"{ADMIN}exports/",
    f"{PAGES}<int:page_id>/edit/": None,
    f"{ADD_PAGE}<int:parent_page_id>/": None,
    **{f"{ADMIN}snippets/{snippet}add/": None for snippet in OUR_SNIPPETS},
    **{f"{ADMIN}snippets/{snippet}edit/<int:pk>/": None for snippet in OUR_SNIPPETS},
}
HOSTILE_DATES = ["2026-02-30", "31/31/2026 25:61", "0000-00-00 00:00"]

# Path arguments, hostile: ids past every integer column or with thousands of digits (the
# int converter takes them), and text with a NUL byte, a quote or ten thousand characters.
HOSTILE_INTS = ["0", str(2**63 - 1), str(10**20), "9" * 5_000]
HOSTILE_TEXT = [quote("\x00"), quote("1' OR '1'='1"), "x" * 10_000]


def staff(pattern: Pattern) -> bool:
    route = pattern.route
    if route in NOT_WALKED:
        return False
    if route in STAFF_ROUTES or (route.startswith(ADMIN) and pattern.ours):
        return True
    if route.startswith(f"{ADMIN}snippets/"):
        return any(snippet in route for snippet in OUR_SNIPPETS)
    return route.startswith((f"{PAGES}<int:page_id>/", f"{PAGES}<int:parent_page_id>/", ADD_PAGE))


def fillings(route: str, world) -> list[dict[str, object]]:
    """Real values for the route's arguments: for Wagtail's page views, once per page type of
    ours; for the snippet views, the card's or the rule's."""
    if route.startswith(ADD_PAGE):
        return [
            {"content_type_app_name": app, "content_type_model_name": model, "parent_page_id": pk}
            for app, model, pk in [
                ("consultations", "consultationpage", world.consultation.get_parent().pk),
                ("outcomes", "summarypage", world.concluded.pk),
            ]
        ]
    if route.startswith(PAGES):
        # No workflow has run: Wagtail's workflow history has no id to fill but a hostile one.
        return [
            {"page_id": page.pk, "parent_page_id": page.pk, "revision_id": page.latest_revision_id,
             "workflow_state_id": 1}
            for page in [world.consultation, world.summary]
        ]  # fmt: skip
    for snippet, instance in zip(
        OUR_SNIPPETS, [world.consultation.ai_system, world.house_rule], strict=True
    ):
        if snippet in route:
            return [{"pk": instance.pk, "revision_id": getattr(instance, "latest_revision_id", 1)}]
    return [endpoints.argument_values(route, world)]


def fill(route: str, values: dict[str, object]) -> str:
    return "/" + ROUTE_ARGUMENT.sub(lambda match: str(values[match[1]]), route)


@dataclass(frozen=True)
class StaffURL:
    route: str
    values: dict

    @property
    def path(self) -> str:
        return fill(self.route, self.values)

    def hostile_paths(self) -> Iterator[str]:
        """The path with one argument at a time made hostile."""
        for match in ROUTE_ARGUMENT.finditer(self.route):
            if (self.route, match[1]) in WAGTAILS_OWN:
                continue
            kinds = HOSTILE_INTS if match[0].startswith("<int:") else HOSTILE_TEXT
            for value in kinds:
                yield fill(self.route, {**self.values, match[1]: value})


def staff_urls(world) -> list[StaffURL]:
    return [
        StaffURL(pattern.route, values)
        for pattern in url_patterns()
        if staff(pattern)
        for values in fillings(pattern.route, world)
    ]


PERSONS = {"superuser": "staff", "moderator": "moderator"}


def signed_in(client, world, role):
    client.force_login(getattr(world, PERSONS[role]))
    return client


def narrowed(client, path: str, names: set[str], value: str) -> list[tuple]:
    """The parameters among `names` that fail alone with `value` (all of them together
    when none does)."""
    alone = [
        name
        for name in sorted(names)
        if isolated(client.get, f"{path}?{urlencode({name: value})}").status_code >= 500
    ]
    return [(path, name, value[:20]) for name in alone or ["+".join(sorted(names))]]


def test_the_walk_reaches_our_models_in_the_admin(world):
    routes = {url.route for url in staff_urls(world)}

    assert f"{PAGES}<int:page_id>/edit/" in routes
    assert f"{ADMIN}snippets/consultations/aisystem/edit/<int:pk>/" in routes
    assert f"{ADMIN}exports/" in routes and "moderation/act/" in routes
    assert set(POSTED) <= routes


@pytest.mark.parametrize("role", PERSONS)
def test_hostile_query_strings_to_staff_urls_never_get_a_server_error(
    recording_client, world, role
):
    failures = []
    for url in staff_urls(world):
        client = signed_in(recording_client, world, role)
        endpoints.looked_up.clear()
        if isolated(client.get, url.path).status_code >= 500:
            failures.append((url.path, "", ""))
        names = {name for name in endpoints.looked_up if (url.route, name) not in WAGTAILS_OWN}
        for value in HOSTILE if names else []:
            query = urlencode(dict.fromkeys(names, value))
            if isolated(client.get, f"{url.path}?{query}").status_code >= 500:
                failures += narrowed(client, url.path, names, value)

    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize("role", PERSONS)
def test_hostile_path_arguments_to_staff_urls_never_get_a_server_error(world, role):
    client = signed_in(Client(raise_request_exception=False), world, role)
    failures = [
        path
        for url in staff_urls(world)
        for path in url.hostile_paths()
        if isolated(client.get, path).status_code >= 500
    ]

    assert not failures, "\n".join(failures)


class FormFields(HTMLParser):
    """A page's form fields: what a person types or picks (`typed`), and the hidden inputs
    with their values. Wagtail reads its hidden inputs itself (a chooser's id, an inline
    panel's management form and row ids, rich text as JSON) and raises on malformed ones
    before any code of ours runs; they keep the values the page gave them."""

    def __init__(self, html: str):
        super().__init__()
        self.typed: set[str] = set()
        self.hidden: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag not in {"input", "select", "textarea"} or not name or "__prefix__" in name:
            return
        if attributes.get("type") == "hidden":
            self.hidden[name] = attributes.get("value") or ""
        elif name != "csrfmiddlewaretoken":
            self.typed.add(name)


def stream_counts(page) -> dict[str, str]:
    """An empty stream for each StreamField of a Wagtail form: its script builds the
    stream's inputs, and without a count Wagtail's own widget raises (KeyError)."""
    form = (page.context or {}).get("form") if page.status_code == 200 else None
    if form is None:
        return {}
    return {
        f"{form.add_prefix(name)}-count": "0"
        for name, field in form.fields.items()
        if isinstance(field, BlockField)
    }


@pytest.mark.parametrize("role", PERSONS)
def test_malformed_bodies_posted_to_staff_forms_never_get_a_server_error(world, role):
    client = signed_in(Client(raise_request_exception=False), world, role)
    failures, posted = [], 0
    for url in staff_urls(world):
        if url.route not in POSTED:
            continue
        shown = fill(POSTED[url.route] or url.route, url.values)
        page = isolated(client.get, shown)
        fields = FormFields(page.content.decode() if page.status_code == 200 else "")
        given = {**fields.hidden, **stream_counts(page)}
        for value in ["", *HOSTILE, *HOSTILE_DATES]:
            posted += 1
            body = {**dict.fromkeys(fields.typed, value), **given} if value else given
            response = isolated(client.post, url.path, body)
            if response.status_code >= 500:
                failures.append((url.path, value[:20], response.status_code))

    assert posted > 50
    assert not failures, "\n".join(map(str, failures))
