"""Fixtures every test shares."""

import copy
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from wagtail.models import Locale

from tests import factories


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language. A request leaves its language active in the
    test's thread, so after a request to a /fr/ page, reverse() in the next test would give
    French paths."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2id costs about 0.2 s per hash on a small machine; tests that are about the
    # hasher (tests/accounts/test_accounts_password_hashing.py) put the project's list back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_comment_embeddings(settings):
    # The model costs a tenth of a second per comment; tests/suggestions turn it back on.
    settings.CONSULT_COMMENT_EMBEDDINGS = False


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Each test gets its own keys in the real cache backend (database or Redis).

    The cache outlives a test's database and, with Redis, is shared by parallel workers and
    other runs: allauth's rate limits and Wagtail's site root paths (page ids) live there.
    A fresh key prefix isolates tests without flushing anyone's cache.
    """
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def isolated_channel_layer(settings):
    """On Redis, each test's live updates travel under a prefix of its own: pub/sub spans
    the whole server, and parallel workers number their consultations alike."""
    if "CONFIG" in settings.CHANNEL_LAYERS["default"]:
        layers = copy.deepcopy(settings.CHANNEL_LAYERS)
        layers["default"]["CONFIG"]["prefix"] = f"test-{uuid.uuid4().hex[:12]}"
        settings.CHANNEL_LAYERS = layers


@pytest.fixture(scope="session")
def live_server() -> Iterator[SimpleNamespace]:
    """The site served by uvicorn (the server `make run` starts) in a thread: HTTP and
    WebSockets through config.asgi, static files from the finders. pytest-django's own live
    server speaks only WSGI; this one takes its name, so its tests still get a transactional
    database."""
    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.test.utils import modify_settings

    from config.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            ASGIStaticFilesHandler(application),
            host="127.0.0.1",
            port=port,
            # Keep the logging Django configured (handlers, redaction filters, levels):
            # uvicorn's own would change its loggers for the rest of the session.
            log_config=None,
            log_level=None,
            ws_max_size=1024 * 1024,
            lifespan="off",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    # pytest-django turns these settings on around each test that uses the server.
    allowed = modify_settings(ALLOWED_HOSTS={"append": "localhost"})
    yield SimpleNamespace(url=f"http://localhost:{port}", _live_server_modified_settings=allowed)
    server.should_exit = True
    thread.join(timeout=10)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test (live_server included) gets serialized rollback.

    Our migrations create data every page needs: the site, its home page, the groups. A
    transactional test flushes the database when it ends; serialized rollback puts that data
    back before the next one. It must be all or nothing: a plain flush recreates the content
    types with new ids, and the next restore then collides with them.

    So a test in a transaction must never follow a transactional one on the same database:
    pytest-django runs them first, and under `make test`'s workers (xdist's loadgroup, which
    hands each worker its units in collection order) a unit is one file's tests of one kind,
    which also keeps a module's shared fixtures built once per worker.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        options = dict(marker.kwargs) if marker else {}
        fixtures = set(getattr(item, "fixturenames", ()))
        transactional = options.get("transaction") or fixtures & {"live_server", "transactional_db"}
        kind = "transactional" if transactional else "db" if marker or "db" in fixtures else "none"
        item.add_marker(pytest.mark.xdist_group(f"{item.module.__name__}:{kind}"))
        if (
            transactional
            and not options.get("serialized_rollback")
            and not (marker and marker.args)
        ):
            options.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**options), append=False)


@pytest.fixture
def home(db):
    return factories.home_page()


@pytest.fixture
def index_page(home):
    return factories.make_index_page(home)


@pytest.fixture
def french(db):
    return Locale.objects.create(language_code="fr")
