"""/metrics: Prometheus's text for the networks and the token the settings name, the 404 of
an unknown path for everyone else."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

OUR_METRICS = (
    "consult_http_request_duration_seconds",
    "consult_db_query_duration_seconds",
    "consult_open_sockets",
    "consult_task_queue_depth",
    "consult_moderation_queue_size",
)


@override_settings(METRICS_ALLOWED_NETWORKS=["10.0.0.0/8"], METRICS_TOKEN="")
def test_the_public_is_refused(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 404
    assert b"consult_" not in response.content


@override_settings(METRICS_ALLOWED_NETWORKS=["10.0.0.0/8"], METRICS_TOKEN="scrape-me")
def test_a_wrong_token_is_refused(client):
    response = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer scrape-you"
    )

    assert response.status_code == 404


@override_settings(METRICS_ALLOWED_NETWORKS=["10.0.0.0/8"], METRICS_TOKEN="")
def test_an_allowed_network_reads_our_metrics(client):
    client.get("/healthz")  # a request, so its timing is there to read

    response = client.get("/metrics", REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for name in OUR_METRICS:
        assert f"# TYPE {name}" in text, name
    healthz = (
        'consult_http_request_duration_seconds_count{method="GET",status="200",view="healthz"}'
    )
    assert healthz in text
    assert 'consult_task_queue_depth{queue="default"}' in text
    assert 'consult_moderation_queue_size{queue="awaiting_review"} 0.0' in text


@override_settings(METRICS_ALLOWED_NETWORKS=[], METRICS_TOKEN="scrape-me")
def test_the_token_reads_our_metrics_from_anywhere(client):
    response = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer scrape-me"
    )

    assert response.status_code == 200
    assert "# TYPE consult_db_query_duration_seconds histogram" in response.content.decode()
