"""infra/compose.yaml against the Compose specification's JSON schema, and what it promises.

tests/infra/compose-spec.json is schema/compose-spec.json of github.com/compose-spec/compose-spec
at commit 170098ba07d9f53c383a41bfd4c5166b0a4529a6 (2026-06-23).
"""

import json
import re
from pathlib import Path

import jsonschema
import yaml

INFRA = Path(__file__).resolve().parents[2] / "infra"
SCHEMA = Path(__file__).with_name("compose-spec.json")


def _compose() -> dict:
    return yaml.safe_load((INFRA / "compose.yaml").read_text())


def test_compose_file_follows_the_compose_specification():
    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_compose())]
    assert errors == []


def test_schema_rejects_what_compose_rejects():
    # The check above can fail: a misspelt key is refused.
    compose = _compose()
    compose["services"]["web"]["depends_onn"] = {}
    assert not jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).is_valid(compose)


def test_migrations_run_once_before_the_application_starts():
    services = _compose()["services"]
    assert services["migrate"]["command"] == ["migrate"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert services["web"]["deploy"]["replicas"] >= 2
    assert services["nginx"]["depends_on"]["web"] == {"condition": "service_healthy"}


def test_every_long_running_service_is_health_checked():
    services = _compose()["services"]
    for name in ("postgres", "redis", "web", "nginx"):
        assert services[name]["healthcheck"]["test"], name
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "/app/infra/healthcheck"]


def test_secrets_come_from_the_env_file_and_media_from_a_volume():
    text = (INFRA / "compose.yaml").read_text()
    compose = _compose()
    example = (INFRA / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    assert {"SECRET_KEY", "POSTGRES_PASSWORD"} <= documented
    # A required variable with no default must be one the example file lists.
    required = set(re.findall(r"\$\{([A-Z_]+):\?", text))
    assert required <= documented
    for name in ("migrate", "web", "worker"):
        service = compose["services"][name]
        assert service["env_file"] == ".env"
        assert "consult-data:/var/lib/consult" in service["volumes"]
        assert service["read_only"] is True
        assert "SECRET_KEY" not in service.get("environment", {})
    nginx_media = compose["services"]["nginx"]["volumes"][1]
    assert nginx_media["volume"]["subpath"] == "media" and nginx_media["read_only"]
    assert (INFRA / "nginx.conf").exists()


def test_one_scheduler_and_the_edge_file_used_unchanged():
    services = _compose()["services"]
    assert services["scheduler"]["command"] == ["scheduler"]
    # Each timed job would run once per replica.
    assert services["scheduler"]["deploy"]["replicas"] == 1
    nginx = services["nginx"]
    assert "command" not in nginx
    mounts = [m for m in nginx["volumes"] if isinstance(m, str)]
    assert "./nginx.conf:/etc/nginx/conf.d/default.conf:ro" in mounts
    # The file nginx.conf includes names the web processes: here the `web` service.
    (upstream,) = [m for m in mounts if m.endswith(":/etc/nginx/consult-upstream.conf:ro")]
    servers = (INFRA / upstream.split(":")[0]).read_text()
    assert re.search(r"^server web:8000 ", servers, re.MULTILINE)
    assert "include consult-upstream.conf;" in (INFRA / "nginx.conf").read_text()
