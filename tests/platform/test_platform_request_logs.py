"""Production's log lines: one JSON object each, carrying the id of the request they were
written for, the id the answer's X-Request-ID header gives."""

import io
import json
import logging

import pytest
from django.test import override_settings

from config.json_log import JsonFormatter
from config.request_id import RequestIdFilter

pytestmark = pytest.mark.django_db

FROM_PROXY = "0f3c2a9b8e7d6c5b4a39281706f5e4d3"


@pytest.fixture
def log_lines():
    """What django.request writes, through production's formatter and filter."""
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in output.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_a_line_logged_while_serving_carries_the_answers_request_id(client, log_lines):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    (line,) = log_lines()
    assert line["request_id"] == request_id
    assert line["level"] == "WARNING"
    assert line["logger"] == "django.request"
    assert "Not Found" in line["message"]


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_trusted_proxy_its_id_is_kept(client, log_lines):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID=FROM_PROXY)

    assert response["X-Request-ID"] == FROM_PROXY
    assert log_lines()[0]["request_id"] == FROM_PROXY


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_an_id_that_could_forge_a_log_line_is_replaced(client, log_lines):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID='x"\n{"level": "forged"}')

    assert response["X-Request-ID"].isalnum()
    assert log_lines()[0]["request_id"] == response["X-Request-ID"]


def test_without_a_proxy_a_clients_id_is_not_believed(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=FROM_PROXY)

    assert response["X-Request-ID"] != FROM_PROXY
