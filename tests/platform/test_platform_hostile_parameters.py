"""Every GET endpoint x every query parameter it reads x hostile values answers below 500,
for an anonymous reader, a signed-in participant and staff (a superuser with MFA, in the
Moderators and Editors groups: the moderation queue, themes and exports read their
parameters only for staff).

Generated, so new endpoints are covered: tests/platform/endpoints.py walks the URLconf (the
Wagtail admin where no object id is needed, and every admin view of our own apps), fills
URL arguments with real ids from the demo content plus what it lacks, and records the
query parameters each endpoint looks up during a benign request; the open-data API's come
from its OpenAPI schema. Run it on PostgreSQL too: a NUL byte only breaks a query there.
"""

import re
from urllib.parse import urlencode

import pytest

from tests.platform import endpoints
from tests.platform.hostile_world import HOSTILE, isolated

pytestmark = pytest.mark.django_db


def api_query_parameters(client) -> dict[str, set[str]]:
    """The open data's query parameters per route, as its OpenAPI schema declares them."""
    schema = client.get("/api/v1/openapi.json").json()
    found = {}
    for path, operations in schema["paths"].items():
        route = re.sub(r"\{(\w+)\}", r"<\1>", path.removeprefix("/"))
        found[route] = {
            parameter["name"]
            for operation in operations.values()
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        }
    return found


def test_every_url_pattern_is_covered_or_listed(world):
    # endpoints() raises for a pattern with arguments that nobody fills.
    routes = {endpoint.route for endpoint in endpoints.endpoints(world)}

    assert "comments/<int:pk>/" in routes
    assert f"{endpoints.ADMIN}exports/" in routes


@pytest.mark.parametrize("role", ["anonymous", "participant", "staff"])
def test_hostile_query_parameters_never_get_a_server_error(recording_client, world, role):
    client = recording_client
    person = {"anonymous": None, "participant": world.participant, "staff": world.staff}[role]
    from_schema = api_query_parameters(client)
    failures, tried = [], 0
    for endpoint in endpoints.endpoints(world):
        if person is not None:
            client.force_login(person)  # again: an endpoint may have signed them out
        endpoints.looked_up.clear()
        benign = isolated(client.get, endpoint.path)
        if benign.status_code >= 500:
            failures.append((endpoint.path, "", "", benign.status_code))
        parameters = endpoints.looked_up | from_schema.get(endpoint.route, set())
        for name in sorted(parameters):
            for value in HOSTILE:
                tried += 1
                response = isolated(client.get, f"{endpoint.path}?{urlencode({name: value})}")
                if response.status_code >= 500:
                    failures.append((endpoint.path, name, value[:20], response.status_code))

    assert tried > 100  # the parameters were found
    assert not failures, "\n".join(map(str, failures))
