"""Personas, layers and sockets for the live stream tests.

alice  a verified participant who takes part under her pseudonym
bob    a verified participant, under his name
mona   a moderator with an authenticator app (MFA on)
nick   in the Moderators group without MFA

`layer` runs a test on the in-memory channel layer and on Redis (skipped, saying why, when
REDIS_URL is unset; CI sets it). Every test here is transactional: consumers read the
database from other threads, and events leave only when a transaction commits.
"""

import copy
import os
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing.websocket import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client

from accounts.models import User
from consult.consultations.models import ConsultationPage
from consult.discussion import services
from consult.discussion.models import DisplayMode
from tests import factories
from tests.discussion.conftest import make_user
from tests.moderation.conftest import generous_rate_limits, make_moderator  # noqa: F401

ORIGIN = b"http://testserver"


def redis_layers(url: str) -> dict:
    """The project's Redis layer (settings.py with REDIS_URL set), under a prefix of its own
    so parallel runs never hear each other."""
    layers = copy.deepcopy(django_settings.CHANNEL_LAYERS)
    layers["default"]["CONFIG"]["hosts"][0]["address"] = url
    layers["default"]["CONFIG"]["prefix"] = f"test-{uuid.uuid4().hex[:12]}"
    return layers


@pytest.fixture(params=["memory", "redis"])
def layer(request, settings) -> str:
    if request.param == "redis":
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("REDIS_URL is not set: the Redis channel layer runs in CI, which sets it")
        settings.CHANNEL_LAYERS = redis_layers(url)
    else:
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    return request.param


@pytest.fixture
def alice(transactional_db) -> User:
    return make_user("alice@example.org", display_name="Alice Martin", stakeholder_group="affected")


@pytest.fixture
def bob(transactional_db) -> User:
    return make_user("bob@example.org", display_name="Bob Keller", stakeholder_group="academic")


@pytest.fixture
def mona(transactional_db) -> User:
    return make_moderator("mona@example.org")


@pytest.fixture
def nick(transactional_db) -> User:
    return make_moderator("nick@example.org", mfa=False)


@pytest.fixture
def make_consultation(transactional_db):
    index = factories.make_index_page(factories.home_page())
    system = factories.make_ai_system("Station face matching")

    def make(title: str = "Face recognition at stations", **kwargs) -> ConsultationPage:
        return factories.make_consultation(index, title, system=system, **kwargs)

    return make


@pytest.fixture
def consultation(make_consultation) -> ConsultationPage:
    return make_consultation()


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


async def open_socket(
    path: str,
    *,
    user: User | None = None,
    origin: bytes | None = ORIGIN,
    cookie: str = "",
    host: bytes = b"testserver",
    scheme: str = "ws",
) -> tuple[WebsocketCommunicator, bool, int | None]:
    """A socket to the project's ASGI application, as a browser on the site would open it."""
    from config.asgi import application

    headers = [(b"host", host)]
    if origin is not None:
        headers.append((b"origin", origin))
    if user is not None:
        cookie = await database_sync_to_async(session_cookie)(user)
    if cookie:
        name = django_settings.SESSION_COOKIE_NAME
        headers.append((b"cookie", f"{name}={cookie}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    communicator.scope["scheme"] = scheme
    connected, code = await communicator.connect(timeout=5)
    return communicator, connected, code


def stream_path(page: ConsultationPage, language: str = "en") -> str:
    return f"/ws/consultations/{page.pk}/?lang={language}"


@database_sync_to_async
def post(consultation, author, body="A comment.", *, parent=None, mode=DisplayMode.NAMED):
    return services.comment_create(
        consultation=consultation, author=author, body=body, display_mode=mode, parent=parent
    )


def run(scenario, *args):
    """Run an async scenario from a sync test (no pytest-asyncio here)."""
    return async_to_sync(scenario)(*args)
