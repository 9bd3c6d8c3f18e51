"""A NUL byte in a query string is a 400 everywhere, before any view (or Wagtail's) takes it
to a database that cannot store it."""

import pytest
from django.test import Client

from tests.platform.test_platform_staff_hostile_input import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["q=%00", "%00=1", "sort=new&page=1%00"])
def test_a_public_page_refuses_a_nul_in_its_query(client, query):
    response = client.get(f"/consultations/?{query}")

    assert response.status_code == 400


def test_a_wagtail_listing_refuses_a_nul_locale(world):
    client = signed_in(Client(raise_request_exception=False), world, "superuser")

    assert client.get("/admin/snippets/moderation/houserule/").status_code == 200
    assert client.get("/admin/snippets/moderation/houserule/?locale=%00").status_code == 400
