"""Whatever is answered to a signed-in person carries Cache-Control: private, no-store, so
no shared cache keeps it and their browser does not write it to disk; anonymous pages keep
the caching they have (none, and the page cache's own in memory)."""

import pytest
from django.contrib.auth.models import Group

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(index_page):
    return factories.make_consultation(index_page, system=factories.make_ai_system())


def private(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_every_page_for_a_signed_in_participant_is_private(client, alice, consultation):
    client.force_login(alice)

    for path in (
        "/",
        consultation.url,
        "/accounts/privacy/",
        "/accounts/notifications/",
        "/accounts/profile/",
        "/transparency/",
        "/api/v1/consultations",
        "/no-such-page/",
    ):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert private(response), (path, response.get("Cache-Control"))


def test_the_moderation_queue_and_the_admin_are_private(client, carol):
    carol.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    client.force_login(carol)

    for path in ("/moderation/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert private(response), (path, response.get("Cache-Control"))
    # What a view set itself stays: Wagtail's admin pages are never_cache.
    assert "must-revalidate" in response["Cache-Control"]


def test_anonymous_pages_are_not_made_private(client, consultation):
    for path in ("/", consultation.url, consultation.url, "/transparency/", "/api/v1/licence"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "private" not in response.get("Cache-Control", ""), path
        assert "no-store" not in response.get("Cache-Control", ""), path
