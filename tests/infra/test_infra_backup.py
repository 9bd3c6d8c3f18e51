"""The restore drill: `make backup` of the demo site, `make restore` into a fresh database,
and the copy holds the same rows, every comment byte for byte, and the same media."""

import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from consult.discussion.models import Comment

ROOT = Path(__file__).resolve().parents[2]


def _url(database: dict, name: str) -> str:
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return f"postgresql://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/{name}"


def _contents(url: str) -> tuple[dict[str, int], str]:
    """Rows per table, and a checksum of every comment, all columns, in id order."""
    with psycopg.connect(url) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        counts = {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }
        (checksum,) = conn.execute(
            f"SELECT md5(string_agg(c::text, E'\\n' ORDER BY c.id)) "  # noqa: S608
            f'FROM "{Comment._meta.db_table}" c'
        ).fetchone()
    return counts, checksum


def _files(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def _make(target: str, timeout: float, **env: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["make", "--no-print-directory", target, f"BACKUP={env.pop('BACKUP')}"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="backups are of PostgreSQL: set DATABASE_URL"
)
@pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("make")),
    reason="pg_dump and make are needed (apt-get install postgresql-client make)",
)
@pytest.mark.django_db(transaction=True)
def test_backup_restores_the_demo_site_into_a_fresh_database(settings, tmp_path):
    settings.MEDIA_ROOT = media = tmp_path / "media"
    call_command("load_demo_content", stdout=io.StringIO())
    (media / "documents").mkdir(parents=True, exist_ok=True)
    (media / "documents" / "annex.pdf").write_bytes(b"%PDF-1.4 an annex\n")
    assert Comment.objects.count() > 0

    database = connection.settings_dict
    source = _url(database, database["NAME"])
    backup = tmp_path / "backup"
    _make("backup", 120, DATABASE_URL=source, MEDIA_ROOT=str(media), BACKUP=str(backup))
    assert (backup / "database.dump").read_bytes()[:5] == b"PGDMP"  # the custom format

    fresh = f"{database['NAME']}_restored"
    with psycopg.connect(_url(database, "postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        server.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restored_media = tmp_path / "restored-media"
        _make(
            "restore",
            120,
            DATABASE_URL=_url(database, fresh),
            MEDIA_ROOT=str(restored_media),
            BACKUP=str(backup),
        )
        counts, checksum = _contents(source)
        assert counts[Comment._meta.db_table] == Comment.objects.count()
        assert _contents(_url(database, fresh)) == (counts, checksum)
        assert _files(restored_media) == _files(media)
    finally:
        with psycopg.connect(_url(database, "postgres"), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_restore_refuses_an_incomplete_backup(tmp_path):
    (tmp_path / "database.dump.part").write_bytes(b"PGDMP")
    result = subprocess.run(
        ["sh", "infra/restore", str(tmp_path)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgresql://nowhere.invalid/none"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert "holds no complete backup" in result.stderr
