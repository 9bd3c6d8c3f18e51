"""Fixtures for the platform tests: settings loaded in a child process."""

import json

import pytest
from platform_support import DUMP_SETTINGS, REAL_SECRET_KEY, run_python

# The hostile-input walks' world and recording client.
from tests.platform.hostile_world import recording_client, shared_world, world  # noqa: F401


@pytest.fixture
def load_settings():
    """Import config.settings in a child process with only `env` set; return its values."""

    def load(**env: str) -> dict:
        result = run_python(["-c", DUMP_SETTINGS], env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return load


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    return {
        "CONSULT_ENV": "production",
        "SECRET_KEY": REAL_SECRET_KEY,
        "ALLOWED_HOSTS": "consult.example.org,testserver",
        "SQLITE_PATH": str(tmp_path / "production.sqlite3"),
        # No Redis to reach from a child process; production refuses to start without it
        # unless told so (test_production_refuses_to_start_without_redis_unless_told).
        "CONSULT_WITHOUT_REDIS": "true",
    }
