"""Data that several tests read, built once for a module or a class.

The data is written in a transaction rolled back when the scope ends; each test's own
transaction is a savepoint inside it, so what a test changes is undone before the next, in
any order (Django's setUpTestData, for pytest).
"""

import copy
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.test import override_settings


@contextmanager
def rolled_back_at_end(django_db_blocker, **overrides) -> Iterator[None]:
    """The block may write to the database; what it wrote is rolled back when the
    enclosing fixture is torn down. The settings tests/conftest.py gives each test (fast
    password hashing, no embedding model, cache keys of its own) hold in the block too, since
    function-scoped fixtures do not run for a wider scope."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    with (
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            CONSULT_COMMENT_EMBEDDINGS=False,
            CACHES=caches,
            **overrides,
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)
