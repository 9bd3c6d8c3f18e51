"""Sessions are signed in through allauth only (rate limits, verified addresses, MFA).

The URLconf is walked whole, Wagtail's admin and every language included: each pattern that
a request can reach is resolved to its view, and the view fails the test when it is, or
leads to, something that signs a session in (Django's LoginView, a password reset that
signs in, code that calls django.contrib.auth.login), unless it is allauth's. Patterns that
an earlier one shadows (Wagtail's login forms, which config/urls.py redirects) are
unreachable and named as such, so the walk is seen to find them.
"""

import inspect
import re
import types
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from django.utils.module_loading import import_string
from wagtail.models import get_page_models

from tests.accounts.conftest import PASSWORD

PROJECT_PACKAGES = {"accounts", "cms", "config", "consult"}
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
SAMPLE_VALUES = ("1", "x", "00000000-0000-0000-0000-000000000000", "x/x")
# How far the walk follows objects held by a view (a closure's object, its attributes).
OBJECT_DEPTH = 4


def in_project(obj) -> bool:
    return (getattr(obj, "__module__", None) or "").split(".")[0] in PROJECT_PACKAGES


def sample_route(pattern) -> str | None:
    """A path this pattern matches, or None when it cannot be told."""
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    if isinstance(pattern, RoutePattern):

        def sample(match: re.Match) -> str:
            converter = pattern.converters[match["name"]]
            return next(v for v in SAMPLE_VALUES if re.fullmatch(converter.regex, v))

        return ROUTE_PARAMETER.sub(sample, str(pattern))
    if isinstance(pattern, RegexPattern):
        literal = str(pattern).removeprefix("^").removesuffix("$")
        return None if re.search(r"[\\.^$*+?{}\[\]|()]", literal) else literal
    return None


def url_patterns(resolver: URLResolver, prefix: str | None = "") -> Iterator[tuple]:
    """(a path it matches or None, the pattern) for every pattern under `resolver`."""
    for entry in resolver.url_patterns:
        route = sample_route(entry.pattern)
        path = None if prefix is None or route is None else prefix + route
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, path)
        else:
            yield path, entry


def code_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= code_names(const)
    return names


def calls_auth_login(function: types.FunctionType) -> bool:
    names = code_names(function.__code__)
    if "login" in names and "django.contrib.auth" in names:  # imported inside the function
        return True
    for name in names:
        value = function.__globals__.get(name)
        if value is auth.login or (value is auth and "login" in names):
            return True
    return False


def class_signs_in(cls: type) -> bool:
    return issubclass(cls, auth_views.LoginView) or bool(
        issubclass(cls, auth_views.PasswordResetConfirmView) and cls.post_reset_login
    )


class SignInFinder:
    """Whether a view, or what it holds and (in the project's code) what it calls, signs a
    session in."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    def signs_in(self, obj, depth: int = 0) -> bool:
        if id(obj) in self.seen or depth > OBJECT_DEPTH or isinstance(obj, types.ModuleType):
            return False
        self.seen.add(id(obj))
        if obj is auth.login:
            return True
        if inspect.isclass(obj):
            return class_signs_in(obj) or any(
                self.signs_in(member, depth)
                for klass in obj.__mro__
                # Django's reset view signs in only when post_reset_login says so (above).
                if klass is not auth_views.PasswordResetConfirmView
                for member in vars(klass).values()
                if inspect.isfunction(member) or isinstance(member, staticmethod | classmethod)
            )
        if isinstance(obj, staticmethod | classmethod):
            return self.signs_in(obj.__func__, depth)
        if inspect.ismethod(obj):
            return self.signs_in(obj.__func__, depth) or self.signs_in(obj.__self__, depth + 1)
        if inspect.isfunction(obj):
            return self.function_signs_in(obj, depth)
        if isinstance(obj, list | tuple | set | frozenset):
            return any(self.signs_in(item, depth + 1) for item in obj)
        if isinstance(obj, dict):
            return any(self.signs_in(item, depth + 1) for item in obj.values())
        if hasattr(obj, "__dict__"):
            return self.signs_in(type(obj), depth) or any(
                self.signs_in(value, depth + 1) for value in vars(obj).values()
            )
        return False

    def function_signs_in(self, function: types.FunctionType, depth: int) -> bool:
        if calls_auth_login(function):
            return True
        held = [getattr(function, "__wrapped__", None), getattr(function, "view_class", None)]
        held += [cell.cell_contents for cell in function.__closure__ or () if cell_filled(cell)]
        if in_project(function):
            # What the project's own code calls, so a helper that signs in is found too.
            names = code_names(function.__code__)
            held += [
                value
                for name in names
                if (value := function.__globals__.get(name)) is not None and in_project(value)
            ]
        return any(self.signs_in(item, depth + 1) for item in held if item is not None)


def cell_filled(cell) -> bool:
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:
        return False
    return True


def view_module(callback) -> str:
    view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    return view.__module__


def reachable(path: str | None, pattern: URLPattern) -> bool:
    """Whether a request can reach the pattern: False when an earlier pattern answers its
    path; True when its path cannot be told, to be safe."""
    if path is None:
        return True
    try:
        return resolve("/" + path).func is pattern.callback
    except Resolver404:
        return True


def sign_in_views() -> tuple[set[str], set[str]]:
    """(reachable, shadowed) patterns outside allauth that sign a session in, by path."""
    found: tuple[set[str], set[str]] = (set(), set())
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for path, pattern in url_patterns(get_resolver()):
                if view_module(pattern.callback).startswith("allauth."):
                    continue
                if SignInFinder().signs_in(pattern.callback):
                    label = f"/{path} ({pattern.name or pattern.lookup_str})"
                    found[0 if reachable(path, pattern) else 1].add(label)
    return found


def test_no_view_outside_allauth_signs_a_session_in():
    reachable_views, shadowed = sign_in_views()

    assert reachable_views == set()
    # The walk does find Wagtail's admin login form, which config/urls.py shadows. Wagtail's
    # page-privacy login is not mounted at all: its name leads to allauth's.
    assert "/admin/login/ (wagtailadmin_login)" in shadowed
    gate = resolve(reverse("wagtailcore_login")).func
    assert gate.view_initkwargs["pattern_name"] == "account_login"


def test_the_finder_sees_sign_ins_through_helpers_closures_and_classes():
    def helper(request, user):
        auth.login(request, user)

    def view(request):
        helper(request, None)

    def through_import(request):
        from django.contrib.auth import login

        login(request, None)

    class ResetAndSignIn(auth_views.PasswordResetConfirmView):
        post_reset_login = True

    assert SignInFinder().signs_in(view)
    assert SignInFinder().signs_in(through_import)
    assert SignInFinder().signs_in(ResetAndSignIn.as_view())
    assert SignInFinder().signs_in(auth_views.LoginView.as_view())
    assert not SignInFinder().signs_in(auth_views.PasswordResetConfirmView.as_view())


def test_no_middleware_signs_a_session_in():
    # Django's RemoteUserMiddleware would, from a header.
    signing_in = [
        path
        for path in settings.MIDDLEWARE
        if not path.startswith("allauth.") and SignInFinder().signs_in(import_string(path))
    ]

    assert signing_in == []
    assert SignInFinder().signs_in(
        import_string("django.contrib.auth.middleware.RemoteUserMiddleware")
    )


def test_no_page_model_signs_a_session_in():
    # wagtail_serve hands every other path to a page's serve() and route().
    assert [model for model in get_page_models() if SignInFinder().signs_in(model)] == []


@pytest.mark.parametrize(
    ("path", "login"),
    [
        ("/_util/login/?next=/consultations/", "/accounts/login/?next=/consultations/"),
        ("/fr/_util/login/?next=/fr/consultations/", "/fr/accounts/login/?next=/fr/consultations/"),
        ("/admin/login/?next=/admin/pages/", "/accounts/login/?next=/admin/pages/"),
    ],
)
@pytest.mark.django_db
def test_wagtail_login_forms_lead_to_allauth_keeping_next(client, path, login):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == login
    assert 'name="login"' in client.get(response.url).content.decode()


@pytest.mark.parametrize("path", ["/_util/login/", "/fr/_util/login/", "/admin/login/"])
@pytest.mark.django_db
def test_a_right_password_posted_to_wagtail_login_forms_signs_no_one_in(path, carol, alice):
    for user in (carol, alice):
        client = Client()
        credentials = {"username": user.email, "email": user.email, "password": PASSWORD}

        response = client.post(path, credentials)

        assert response.status_code == 302
        assert response.url.split("?")[0].endswith("/accounts/login/")
        assert "_auth_user_id" not in client.session
