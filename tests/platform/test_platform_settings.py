"""Settings, as each deployment sees them: imported in a child process with a chosen environment."""

import asyncio
import os
import uuid

import pytest
from platform_support import BASE_DIR, REAL_SECRET_KEY, run_python, settings_variables

from config.settings import DEVELOPMENT_SECRET_KEY

PG_URL = "postgres://consult:secret@db.internal:5432/consult"
REDIS_URL = "redis://cache.internal:6379/2"


def test_nothing_set_is_development_on_sqlite(load_settings):
    s = load_settings()

    assert s["DEBUG"] is True
    database = s["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(BASE_DIR / "var" / "consult.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert "django.contrib.postgres" not in s["INSTALLED_APPS"]
    assert s["CHANNEL_LAYERS"]["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    assert s["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert s["TASKS"]["default"]["BACKEND"] == "django.tasks.backends.immediate.ImmediateBackend"
    assert s["MAILERS"]["default"] == {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    assert s["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY


def test_sqlite_path_moves_the_database(load_settings, tmp_path):
    path = tmp_path / "elsewhere.sqlite3"

    s = load_settings(SQLITE_PATH=str(path))

    assert s["DATABASES"]["default"]["NAME"] == str(path)


def test_database_url_switches_to_pooled_postgresql(load_settings):
    s = load_settings(DATABASE_URL=PG_URL)

    database = s["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["USER"]) == (
        "db.internal",
        "consult",
        "consult",
    )
    assert "django.contrib.postgres" in s["INSTALLED_APPS"]
    pool = database["OPTIONS"]["pool"]
    assert pool["min_size"] <= pool["max_size"]
    # Django refuses a pool together with persistent connections.
    assert database["CONN_MAX_AGE"] == 0
    # The channel layer and cache do not follow the database.
    assert s["CHANNEL_LAYERS"]["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"


def test_pool_size_comes_from_the_environment(load_settings):
    s = load_settings(DATABASE_URL=PG_URL, DATABASE_POOL_MIN="1", DATABASE_POOL_MAX="7")

    pool = s["DATABASES"]["default"]["OPTIONS"]["pool"]
    assert (pool["min_size"], pool["max_size"]) == (1, 7)


def test_redis_url_switches_channel_layer_and_cache(load_settings):
    s = load_settings(REDIS_URL=REDIS_URL)

    layer = s["CHANNEL_LAYERS"]["default"]
    # Pub/sub: one message per server process, not one per socket.
    assert layer["BACKEND"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    (host,) = layer["CONFIG"]["hosts"]
    assert host["address"] == REDIS_URL
    # redis-py 8 lowered the async pool's default to 100 connections, fewer than the
    # sockets one busy consultation holds open.
    assert host["max_connections"] >= 1000
    # A Redis that is down fails a send quickly; reads outlast a 5-second blocking pop.
    assert 0 < host["socket_connect_timeout"] <= 5 < host["socket_timeout"]
    cache = s["CACHES"]["default"]
    # Redis, failing soft: the site serves without its cache while Redis is down.
    assert cache["BACKEND"] == "consult.core.failsoft_cache.FailSoftRedisCache"
    assert cache["LOCATION"] == REDIS_URL
    # A Redis that stops answering must fail requests quickly, not hang them.
    assert 0 < cache["OPTIONS"]["socket_connect_timeout"] <= 5
    assert s["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis: CI sets REDIS_URL")
def test_sites_on_different_redis_databases_do_not_hear_each_other(load_settings):
    """Pub/sub ignores Redis's numbered databases, so the layer's prefix must tell them apart."""
    from asgiref.sync import async_to_sync
    from channels_redis.pubsub import RedisPubSubChannelLayer

    server = os.environ["REDIS_URL"].rsplit("/", 1)[0]

    def layer(url: str, **env: str) -> RedisPubSubChannelLayer:
        return RedisPubSubChannelLayer(
            **load_settings(REDIS_URL=url, **env)["CHANNEL_LAYERS"]["default"]["CONFIG"]
        )

    async def heard(listener: RedisPubSubChannelLayer, speaker: RedisPubSubChannelLayer) -> bool:
        channel = await listener.new_channel()
        await listener.group_add("consultation-1", channel)
        await speaker.group_send("consultation-1", {"type": "hello"})
        try:
            await asyncio.wait_for(listener.receive(channel), 1)
        except TimeoutError:
            return False
        finally:
            await listener.flush()
            await speaker.flush()
        return True

    prefix = uuid.uuid4().hex
    assert async_to_sync(heard)(
        layer(f"{server}/14", REDIS_PREFIX=prefix), layer(f"{server}/14", REDIS_PREFIX=prefix)
    )
    assert not async_to_sync(heard)(
        layer(f"{server}/14", REDIS_PREFIX=prefix), layer(f"{server}/15", REDIS_PREFIX=prefix)
    )
    assert not async_to_sync(heard)(
        layer(f"{server}/14", REDIS_PREFIX=prefix),
        layer(f"{server}/14", REDIS_PREFIX=prefix + "-other"),
    )


def test_production_defaults(load_settings, production_env):
    s = load_settings(**production_env)

    assert s["DEBUG"] is False
    assert s["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert s["MAILERS"]["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert s["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert s["SECURE_HSTS_SECONDS"] >= 31536000


def test_development_prints_email_to_the_console():
    # Errors on Django's deprecation warnings: the EMAIL_* settings are gone for MAILERS.
    result = run_python(
        [
            "-W",
            "error::django.utils.deprecation.RemovedInDjango2028Warning",
            "manage.py",
            "shell",
            "--verbosity=0",
            "-c",
            "from django.core.mail import send_mail; "
            "send_mail('Welcome', 'Confirm your address', None, ['dana@example.org'])",
        ],
        {},
    )

    assert result.returncode == 0, result.stderr
    assert "To: dana@example.org" in result.stdout
    assert "Confirm your address" in result.stdout


def test_production_sends_email_over_smtp(production_env):
    env = {**production_env, "EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "587"}
    env["EMAIL_USE_TLS"] = "true"

    result = run_python(
        [
            "manage.py",
            "shell",
            "--verbosity=0",
            "-c",
            "from django.core.mail import mailers; m = mailers.default; "
            "print(type(m).__module__, m.host, m.port, m.use_tls, m.timeout)",
        ],
        env,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp",
        "smtp.example.org",
        "587",
        "True",
        "10",
    ]


def test_production_ignores_debug(load_settings, production_env):
    assert load_settings(**production_env, DEBUG="true")["DEBUG"] is False


@pytest.mark.parametrize(
    "secret_key",
    [None, DEVELOPMENT_SECRET_KEY, "too-short-" * 4, "a" * 60, "abcdefghijklmnopqrs" * 3],
    ids=["missing", "development-key", "short", "one-character", "19-distinct"],
)
def test_production_refuses_to_start_without_a_real_key(production_env, secret_key):
    env = {**production_env}
    del env["SECRET_KEY"]
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key

    result = run_python(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "Production mode needs SECRET_KEY" in result.stderr


def test_a_key_of_20_distinct_characters_is_enough(load_settings, production_env):
    key = "abcdefghijklmnopqrst" * 3

    assert load_settings(**{**production_env, "SECRET_KEY": key})["SECRET_KEY"] == key


def test_production_refuses_to_start_without_redis_unless_told(load_settings, production_env):
    env = {**production_env}
    del env["CONSULT_WITHOUT_REDIS"]

    refused = run_python(["manage.py", "check"], env)
    told = load_settings(**env, CONSULT_WITHOUT_REDIS="true")
    with_redis = load_settings(**env, REDIS_URL=REDIS_URL)

    assert refused.returncode != 0
    assert "Production mode needs REDIS_URL" in refused.stderr
    assert told["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert with_redis["CACHES"]["default"]["BACKEND"] == (
        "consult.core.failsoft_cache.FailSoftRedisCache"
    )


@pytest.mark.parametrize("mode", ["development", "production"])
def test_passwords_are_hashed_with_argon2id_first(load_settings, production_env, mode):
    s = load_settings(**(production_env if mode == "production" else {}))

    hashers = s["PASSWORD_HASHERS"]
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # Older hashes still verify, and are stored again with Argon2id at the next sign-in.
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers[1:]


def test_unknown_mode_is_refused():
    result = run_python(["manage.py", "check"], {"CONSULT_ENV": "staging"})

    assert result.returncode != 0
    assert "CONSULT_ENV must be" in result.stderr


def test_unknown_tasks_backend_is_refused():
    result = run_python(["manage.py", "check"], {"TASKS_BACKEND": "celery"})

    assert result.returncode != 0
    assert "TASKS_BACKEND must be" in result.stderr


def test_production_passes_the_deployment_checklist(production_env):
    # Checked against whichever services this run uses (CI runs once with PostgreSQL and Redis).
    services = {
        name: os.environ[name] for name in ("DATABASE_URL", "REDIS_URL") if os.environ.get(name)
    }

    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**production_env, **services},
    )

    assert result.returncode == 0, result.stderr
    assert REAL_SECRET_KEY not in result.stdout + result.stderr


def test_every_variable_is_documented():
    deployment = (BASE_DIR / "docs" / "deployment.md").read_text()

    undocumented = [name for name in settings_variables() if f"`{name}`" not in deployment]

    assert settings_variables(), "the settings file reads no variable: is the pattern stale?"
    assert undocumented == []
