"""Consult settings: one module, read from the environment, safe when nothing is set.

With nothing set you get development mode: SQLite in var/, the in-memory channel layer,
the database cache, background tasks run immediately and emails printed to the console.
CONSULT_ENV=production turns on every production safeguard and refuses to start without a
real SECRET_KEY. DATABASE_URL switches to PostgreSQL, REDIS_URL to Redis for the channel
layer and the cache. docs/deployment.md lists every variable.
"""

import logging
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CONSULT_VAR_DIR", str(BASE_DIR / "var")))

CONSULT_ENV = env_str("CONSULT_ENV", "development")
if CONSULT_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("CONSULT_ENV must be 'development' or 'production'.")
PRODUCTION = CONSULT_ENV == "production"

DEBUG = False if PRODUCTION else env_bool("DEBUG", default=True)

# A key that is public (it is in this file) so development works with nothing set;
# production refuses it.
DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
# Length alone lets through a key of one repeated character; a random key of 50 characters
# from token_urlsafe's 64 has about 35 distinct ones.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 20
if PRODUCTION and (
    SECRET_KEY == DEVELOPMENT_SECRET_KEY
    or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_DISTINCT
):
    raise ImproperlyConfigured(
        f"Production mode needs SECRET_KEY: at least {SECRET_KEY_MIN_LENGTH} random "
        f"characters, {SECRET_KEY_MIN_DISTINCT} of them different, not the development key. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# How many reverse proxies stand in front of us; allauth's rate limits read the client
# address from X-Forwarded-For only that deep.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if ALLAUTH_TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    # Project apps come first so their templates override the libraries'.
    "accounts",
    "cms",
    "consult.consultations",
    "consult.questionnaires",
    "consult.discussion",
    "consult.moderation",
    "consult.notifications",
    "consult.transparency",
    "consult.outcomes",
    "consult.realtime",
    "consult.opinions",
    "consult.exports",
    "consult.registers",
    "consult.opendata",
    "consult.accountability",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outermost, so a request's time counts every middleware below.
    "config.metrics.RequestTimingMiddleware",
    # Before anything logs: every line written while serving carries the request's id.
    "config.request_id.RequestIdMiddleware",
    # Outside every middleware that answers, so every response gets a policy: the redirect to
    # HTTPS too.
    "config.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the query string, once the language of the refusal is known.
    "config.nul_guard.refuse_nul_in_query",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PrivateWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAForStaffMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "consult.outcomes.middleware.SummaryIncompleteMiddleware",
    # Innermost, so every middleware above still runs around a cached anonymous page.
    "consult.core.page_cache.AnonymousPageCacheMiddleware",
]
# Which addresses that middleware looks up: a consultation listing's own links.
CONSULT_PAGE_CACHE_ADDRESSES = "consult.discussion.listing_cache.cached_address"
# What renders the threads of a kept page that changed since (consult.core.page_cache).
CONSULT_PAGE_CACHE_THREADS = "consult.discussion.thread_fragments.public_thread_html"

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "consult.notifications.context_processors.unread_notifications",
                "consult.core.fragments.fragment_scope",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        INSTALLED_APPS.append("django.contrib.postgres")
        # Under ASGI every sync request runs in its own thread; persistent per-thread
        # connections would exhaust PostgreSQL's max_connections. A shared pool does not.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        # The pool tries a connection before a request gets it: after PostgreSQL restarts
        # every pooled connection is dead, and each would otherwise fail one request
        # (`make topology` measures the recovery).
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
        DATABASES["default"]["OPTIONS"] = {
            # A server that accepts but never answers must fail a connection, not hang it
            # (psycopg counts at least 2 seconds).
            "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 5),
            "pool": {
                "min_size": env_int("DATABASE_POOL_MIN", 2),
                "max_size": env_int("DATABASE_POOL_MAX", 20),
                "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
            },
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "consult.sqlite3")),
            "OPTIONS": {
                # Writers queue for the lock instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
            # A file, as `make run` serves from, not Django's shared in-memory database: the
            # tests' live server answers from several threads at once (a request, a socket
            # asking the gate about an event), and there a reader and a writer of one table
            # fail at once with "database table is locked", where WAL lets them both go on.
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and channel layer ----------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
# Production without Redis is a choice to make, not a default to fall into: the database
# cache is slower, and the in-memory channel layer carries live updates only within one
# process (never from the task worker or another web process).
CONSULT_WITHOUT_REDIS = env_bool("CONSULT_WITHOUT_REDIS", default=False)
if PRODUCTION and not REDIS_URL and not CONSULT_WITHOUT_REDIS:
    raise ImproperlyConfigured(
        "Production mode needs REDIS_URL, or CONSULT_WITHOUT_REDIS=true to run on the "
        "database cache and the in-memory channel layer (one web process, no live updates "
        "from the worker; docs/deployment.md)."
    )
# Keys and channels of this site on a Redis it may share with others. Redis's numbered
# databases separate keys but not pub/sub, which the channel layer rides on: the database's
# number joins the prefix so that two sites told apart only by it never hear each other.
REDIS_PREFIX = env_str("REDIS_PREFIX") or "consult"
if REDIS_URL:
    _redis = urlsplit(REDIS_URL)
    _redis_database = _redis.path.strip("/") or parse_qs(_redis.query).get("db", ["0"])[0]
    CACHES = {
        "default": {
            # Serves without the cache while Redis is unreachable, rather than failing.
            "BACKEND": "consult.core.failsoft_cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_PREFIX,
            # Without timeouts a Redis that stops answering hangs every request.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # Pub/sub: a group message crosses Redis once per server process, which hands
            # it to its own sockets; the list-based layer pops it once per socket, three
            # times slower with 500 listeners (tests/benchmarks/fanout.py). Delivery is at
            # most once either way (the list layer drops past a channel's capacity, this
            # one while a process is cut off): clients notice the gap in the event numbers
            # and catch up (consult.realtime).
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                # redis-py 8's async pool allows 100 connections by default: set it.
                # A Redis that is down must fail a send quickly, not hang the write; reads
                # must outlast channels-redis's 5-second blocking pop should the list layer
                # come back (redis-py 8 times them out at 5 s by default).
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": 1000,
                        "socket_connect_timeout": 2,
                        "socket_timeout": 10,
                    }
                ],
                "prefix": f"{REDIS_PREFIX}-db{_redis_database}",
            },
        }
    }
else:
    # The cache holds allauth's rate limits, so it must be shared between processes:
    # the database, never a per-process or dummy cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "consult_cache",
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Fragments of pages ({% wagtailcache %}, consult.core.fragments) stay in each process's
# memory: a page reads a dozen, and a round trip to the shared cache for each costs more than
# rendering most of them (measured in docs/architecture.md, "Page cache and benchmarks"). Their
# keys name the site version, which lives in the shared cache, so an editorial change
# retires them in every process at once. Bounded: when full, the least recently used
# leave one at a time (Django culls MAX_ENTRIES // CULL_FREQUENCY).
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "consult-fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 2048, "CULL_FREQUENCY": 2048},
}
# What each process keeps in its own memory and reads on most requests: which page a path
# leads to, with its row (consult.core.routes, a few kB that unpickle in 0.05 ms), and the last
# page of each listing (consult.discussion.listing_cache). Both under versions read from the
# shared cache; bounded as the fragments are.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "consult-local",
    "OPTIONS": {"MAX_ENTRIES": 2048, "CULL_FREQUENCY": 2048},
}
# WebSocket messages larger than this are refused (uvicorn's --ws-max-size says the same).
CONSULT_WEBSOCKET_MAX_MESSAGE = 1024 * 1024

# --- Background tasks -----------------------------------------------------------------
# Both backends build django.tasks tasks, so Django's @task and Wagtail's (which imports the
# django_tasks backport) enqueue the same way: the backport asks the backend for its task class.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "database" if PRODUCTION else "immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'database' or 'immediate'.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, loading the signed-in user with one written-out query.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
# Argon2id (argon2-cffi); a password stored with an older hasher below is checked with it
# and stored again with Argon2id at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {"signup": "accounts.signup.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
# Confirming takes a POST, so mail scanners that follow links confirm nothing, except in
# the browser that signed up (accounts.views.ConfirmEmailView): there, opening the link
# confirms, signs the newcomer in and returns them to the page they came from.
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
# A form sent back with an error keeps the passwords typed into it: the answer to a POST
# is never cached, and a signed-in person's pages are private (accounts.middleware).
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, written out so they are visible and reviewed.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Consult] "
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Consult"
MFA_PASSKEY_LOGIN_ENABLED = False
# WebAuthn needs a secure origin; http://localhost counts as one only in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")

# --- Discussion -----------------------------------------------------------------------
CONSULT_COMMENT_MAX_LENGTH = 5000
# How long an author may edit a comment after posting it.
CONSULT_COMMENT_EDIT_WINDOW = timedelta(minutes=15)

# --- Questionnaires -------------------------------------------------------------------
# The longest answer to a long-text question, in characters.
CONSULT_ANSWER_MAX_LENGTH = 5000

# --- Privacy and retention (issue 7; docs/deployment.md) -------------------------------
# Days a participant has to change their mind after asking to delete their account.
CONSULT_ACCOUNT_DELETION_GRACE_DAYS = env_int("ACCOUNT_DELETION_GRACE_DAYS", 7)
# Days a "My data" download stays available before it is deleted.
CONSULT_DATA_EXPORT_DAYS = env_int("DATA_EXPORT_DAYS", 7)
# Days after a consultation's outcome is published before its contributions are anonymised.
CONSULT_RETENTION_AFTER_OUTCOME_DAYS = env_int("RETENTION_AFTER_OUTCOME_DAYS", 365)
# Days audit entries (moderation decisions, identity look-ups) keep who the moderator was.
CONSULT_AUDIT_IDENTITY_DAYS = env_int("AUDIT_IDENTITY_DAYS", 730)
PRIVATE_ROOT = Path(env_str("PRIVATE_ROOT", str(VAR_DIR / "private")))

# --- Open data and exports (issue 6; docs/deployment.md) --------------------------------
# Keys the per-consultation participant pseudonyms of the open data and the analysts'
# exports; a new key gives every participant new pseudonyms. Derived from SECRET_KEY unless set.
CONSULT_PSEUDONYM_KEY = env_str("PSEUDONYM_KEY", "") or f"participant-pseudonyms|{SECRET_KEY}"
# Contributions per page of the open-data API.
CONSULT_API_PAGE_SIZE = env_int("API_PAGE_SIZE", 100)
# Hours an analysts' XLSX export, built in the background, stays downloadable; the daily
# retention run then deletes its file.
CONSULT_XLSX_EXPORT_HOURS = env_int("XLSX_EXPORT_HOURS", 24)
# Each comment's sentence embedding is computed by a task after it is posted, for the machine
# theme suggestions (docs/theme-suggestions.md). The test suite turns it off except where
# tested: the model costs a tenth of a second per comment.
CONSULT_COMMENT_EMBEDDINGS = env_bool("COMMENT_EMBEDDINGS", default=True)
# When `manage.py run_scheduler` runs the daily jobs (retention, purges), local time HH:MM.
CONSULT_DAILY_JOBS_AT = env_str("DAILY_JOBS_AT", "03:00")
if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", CONSULT_DAILY_JOBS_AT):
    raise ImproperlyConfigured("DAILY_JOBS_AT must be a time of day such as 03:00.")

# --- Operations (docs/deployment.md, "Metrics, logs and errors") ---------------------
# Who may read /metrics: these networks (Prometheus's address as the server sees it), or
# whoever sends `Authorization: Bearer <METRICS_TOKEN>`; everyone else gets a 404.
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])
METRICS_TOKEN = env_str("METRICS_TOKEN")
# Errors go to Sentry when this is set and sentry-sdk is installed (the `sentry` extra).
SENTRY_DSN = env_str("SENTRY_DSN")

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files only their owner may download through a permission-checked view (data exports,
    # the analysts' XLSX exports):
    # outside MEDIA_ROOT, so neither the proxy nor the static helper ever serves them.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Development serves from the finders and never runs collectstatic: no STATIC_ROOT to scan.
WHITENOISE_AUTOREFRESH = not PRODUCTION

# --- Email ----------------------------------------------------------------------------
# Django 6.1 deprecates the EMAIL_* settings for MAILERS; the variables keep their names.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "EMAIL_BACKEND",
            SMTP_BACKEND if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
        )
    }
}
if MAILERS["default"]["BACKEND"] == SMTP_BACKEND:
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        # Tasks send the mail (allauth's too): a silent SMTP server must not hang a worker.
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Consult <noreply@consult.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Consult"
# Where mails sent outside a request (tasks) point; by default what `make run` serves,
# which passes its PORT on.
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# Email changes go through allauth, which verifies the new address.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
# No third-party avatar look-ups: Gravatar would tell it who reads the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor a look-up of the latest release on releases.wagtail.org from every editor's browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_PATH = "admin/"

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview views set SAMEORIGIN themselves so the editor can frame them.
X_FRAME_OPTIONS = "DENY"
# Django's database sessions, read with one written-out query.
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # __Host- cookies are only sent over HTTPS, for this host, for every path.
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_NAME = "__Host-language"

# Our pages load only our own files; scripts need the per-response nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The Wagtail admin still renders some inline scripts and styles; it gets its own policy,
# with inline code allowed but nothing from other origins.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
# Previews in the page editor: the public policy, so they behave as the live page will, but
# framed by the editor.
PREVIEW_CSP = {**SECURE_CSP, "frame-ancestors": [CSP.SELF]}
# Django's debug pages (DEBUG only: `make run`) turn the policy off for their inline scripts
# and styles; they get this one instead, which still allows nothing from other origins.
DEBUG_PAGE_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}

# Production writes one JSON object a line (config/json_log.py), for a log collector.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'plain'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "config.json_log.JsonFormatter"},
    },
    "filters": {
        # Paths can carry secrets (email confirmation and password reset keys) and query
        # strings; no log line keeps them, nor the client's address.
        "redact": {"()": "config.logging_filters.RedactSecrets"},
        "request_id": {"()": "config.request_id.RequestIdFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["redact", "request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own DEBUG-only console handler would print every django.* line twice.
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # One line per background task is noise in development; failures still show.
        "django.tasks": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # While Redis is away the pub/sub layer logs a traceback every second from each
        # process; consult.realtime says it once, in words.
        "channels_redis.pubsub": {"level": "CRITICAL"},
    },
}
# uvicorn configures its access log before loading Django: ours replaces its handler, so
# access lines go through the redacting filter too, at the level uvicorn's --log-level set.
# With --no-access-log uvicorn leaves the logger with no handler and not propagating, and so
# it stays: the benchmarks and the topology write no line per request.
_access_log = logging.getLogger("uvicorn.access")
if _access_log.handlers or _access_log.propagate:
    LOGGING["loggers"]["uvicorn.access"] = {"handlers": ["console"], "propagate": False}

if SENTRY_DSN:
    # Where Sentry's Django guide starts it. Logging is configured only after the settings
    # load: should sentry-sdk be missing, Python's last-resort handler prints the warning.
    from config.error_reporting import start as start_error_reporting

    start_error_reporting(SENTRY_DSN, environment=CONSULT_ENV)
