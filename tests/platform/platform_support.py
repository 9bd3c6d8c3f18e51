"""Run Django in a child process with a controlled environment, to test settings as deployed."""

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS_FILE = BASE_DIR / "config" / "settings.py"
ENV_READ = re.compile(r"env_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"")
REAL_SECRET_KEY = "x9Qv3kT7mZ2pL8rW5nB1cY6hJ4dF0sG-aE_uI7oK3tR9wX2zV5qN8mC1bH4jD6fL0p"

# Dumps every upper-case name of config.settings as JSON, without starting Django (so lazy
# translations, which need it, are left as their type's name).
DUMP_SETTINGS = """
import json
from pathlib import Path
import config.settings as s
print(json.dumps(
    {k: getattr(s, k) for k in dir(s) if k.isupper()},
    default=lambda value: str(value) if isinstance(value, Path) else type(value).__name__,
))
"""


def settings_variables() -> list[str]:
    """Every environment variable config/settings.py reads."""
    return sorted(set(ENV_READ.findall(SETTINGS_FILE.read_text())))


def clean_env(overrides: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without anything settings.py reads, plus the overrides."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in settings_variables()
        and key not in {"DJANGO_SETTINGS_MODULE", "CONSULT_REQUIRE_SERVICES"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(overrides)
    return env


def run_python(args: list[str], env: Mapping[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
