"""The database connection as configured: WAL on SQLite, a shared pool on PostgreSQL."""

import sqlite3
import threading

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from wagtail.models import Site

WAL_ALIAS = "wal_probe"


@pytest.fixture
def sqlite_file_alias(tmp_path, django_db_blocker):
    """An alias with our SQLite options on a file of the test's own, where it may create a
    table outside the test's transaction."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")
    path = tmp_path / "wal.sqlite3"
    connections.settings[WAL_ALIAS] = {**settings.DATABASES["default"], "NAME": str(path)}
    with django_db_blocker.unblock():
        with connections[WAL_ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE vote (id INTEGER PRIMARY KEY)")
        yield path
        connections[WAL_ALIAS].close()
    del connections[WAL_ALIAS]
    del connections.settings[WAL_ALIAS]


def test_sqlite_runs_in_wal_mode(sqlite_file_alias):
    with connections[WAL_ALIAS].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
        # Writers wait this long for the lock before "database is locked".
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


def test_sqlite_transactions_take_the_write_lock_up_front(sqlite_file_alias):
    other_process = sqlite3.connect(sqlite_file_alias, timeout=0, isolation_level=None)
    try:
        # Nothing written yet, but an IMMEDIATE transaction already holds the write lock, so
        # two writers queue at BEGIN instead of deadlocking half-way.
        with (
            transaction.atomic(using=WAL_ALIAS),
            pytest.raises(sqlite3.OperationalError, match="locked"),
        ):
            other_process.execute("INSERT INTO vote DEFAULT VALUES")
        other_process.execute("INSERT INTO vote DEFAULT VALUES")
    finally:
        other_process.close()


@pytest.mark.django_db
@pytest.mark.django_db(transaction=True)
def test_a_reader_and_a_writer_of_one_table_both_go_on_from_two_threads():
    """As the tests' live server's requests and sockets do. In Django's default test database
    for SQLite (in memory, its cache shared between connections) the reader failed at once
    with "database table is locked"."""
    failures = []

    def run(step, times):
        try:
            for n in range(times):
                step(n)
        except Exception as error:  # noqa: BLE001 (the failure is what the test reports)
            failures.append(repr(error))
        finally:
            connection.close()

    def write(n):
        with transaction.atomic():
            Site.objects.update(site_name=f"Consult {n}")
            Site.objects.update(port=8000 + n)

    threads = [threading.Thread(target=run, args=(write, 60))] + [
        threading.Thread(target=run, args=(lambda n: list(Site.objects.all()), 120))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []


@pytest.mark.django_db
def test_postgresql_connections_come_from_the_pool():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL settings")
    from psycopg_pool import ConnectionPool

    connection.ensure_connection()

    assert isinstance(connection.pool, ConnectionPool)
    assert connection.connection._pool is connection.pool
    assert connection.settings_dict["CONN_MAX_AGE"] == 0
