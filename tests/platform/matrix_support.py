"""The machinery of the URL x role matrix: walk the URLconf, fill a route with real ids, ask
it as a role (each request rolled back), and say what came back in one word."""

import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from matrix_world import MARKERS, ROLES

CONVERTER = re.compile(r"<(?:[^>:]+:)?([^>]+)>")


def walked_routes() -> list[str]:
    """Every route of the URLconf, Wagtail's admin and the API's routes included, written as
    its patterns join (the default language has no prefix). A route shadowed by an earlier
    one with the same text is the same door."""
    routes: dict[str, None] = {}

    def walk(resolver, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern, route)
            else:
                routes.setdefault(route)

    walk(get_resolver(), "")
    return list(routes)


def is_regex(route: str) -> bool:
    return any(mark in route for mark in ("^", "$", "(?", "\\"))


@dataclass(frozen=True)
class Case:
    """One door: a route with the objects it names (`values`: URL argument -> name in the
    world's ids; `path`, for a regular expression's route, names a path or a format), and
    what each role gets, GET then POST: seven words, or one for all (see outcome())."""

    route: str
    get: str
    post: str
    variant: str = ""
    values: dict = field(default_factory=dict)
    path: str = ""
    query: str = ""
    data: dict = field(default_factory=dict)
    # Ask for the JSON answer: where the HTML answer redirects whatever happened.
    json: bool = False

    @property
    def key(self) -> str:
        return f"{self.route} @{self.variant}" if self.variant else self.route

    def expected(self, method: str, role: str) -> str:
        words = (self.get if method == "get" else self.post).split()
        if len(words) == 1:
            return words[0]
        assert len(words) == len(ROLES), f"{self.key}: {len(words)} words for {method}"
        return words[ROLES.index(role)]

    def url(self, ids: dict, default) -> str:
        """The path asked; `default(route, argument)` names the id of an argument the case
        does not name."""
        if self.path:
            path = self.path.format(**ids)
        else:
            assert not is_regex(self.route), f"{self.route}: give its path"

            def value(match) -> str:
                name = match.group(1)
                key = self.values.get(name) or default(self.route, name)
                return str(ids.get(key, key))

            path = "/" + CONVERTER.sub(value, self.route)
        return path + (f"?{self.query.format(**ids)}" if self.query else "")


def outcome(response) -> str:
    """200, 403, 404...; a redirect is `login` (to allauth's sign-in), `mfa` (to turning a
    second factor on), `admin` (Wagtail's "no permission" back to the dashboard) or 302."""
    status = response.status_code
    if status not in (301, 302, 303, 307, 308):
        return str(status)
    target = urlsplit(response["Location"]).path
    if target.startswith(reverse("account_login")):
        return "login"
    if target.startswith(reverse("mfa_index")):
        return "mfa"
    if target == reverse("wagtailadmin_home"):
        return "admin"
    return "302"


def read(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace") + " " + response.get("Location", "")


def leaks(text: str, role: str, url: str) -> list[str]:
    """The MARKERS `role` may not read that are in `text`, once the URL asked (which a
    sign-in redirect or a 404 page repeats) is taken out."""
    text = text.lower()
    for asked in (url, url.split("?")[0]):
        for form in (asked, quote(asked, safe=""), quote(asked)):
            text = text.replace(form.lower(), "")
    return [word for word, readers in MARKERS.items() if role not in readers and word in text]


class Asker:
    """Asks doors as one role, each request inside a savepoint rolled back after it, so no
    answer changes what the next one sees; the role's session cookie is put back each time
    (a sign-out or a rotation must not sign the next request out)."""

    def __init__(self, client, session_key: str | None):
        self.client = client
        self.session_key = session_key

    def ask(self, method: str, url: str, data: dict, *, json: bool) -> tuple[str, str]:
        self.client.cookies.clear()
        if self.session_key:
            self.client.cookies[settings.SESSION_COOKIE_NAME] = self.session_key
        headers = {"HTTP_ACCEPT": "application/json"} if json else {}
        with transaction.atomic():
            try:
                if method == "get":
                    response = self.client.get(url, **headers)
                else:
                    response = self.client.post(url, data, **headers)
                answer = outcome(response), read(response)
            except Exception as error:  # noqa: BLE001 - a 500, reported with its cause
                answer = "500", f"{type(error).__name__}: {error}"
            transaction.set_rollback(True)
        return answer
