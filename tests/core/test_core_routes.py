"""Remembered routes (consult.core.routes): a page whose route is remembered is served without
asking the database for its route or its site, through Wagtail's public page view and hooks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_remembered_route_gives_wagtail_its_site(client, index_page):
    """Every link to a page (`pageurl`, `get_url`) and the site settings ask Wagtail for the
    request's site; the remembered route's site is written where Wagtail keeps it, the one
    private attribute of Wagtail the code writes. Should Wagtail stop reading it there, this
    fails rather than the pages quietly paying a query each."""
    system = factories.make_ai_system()
    factories.make_consultation(index_page, "Station face matching", system=system)
    client.force_login(User.objects.create_user(email="reader@example.org", password="x"))
    for _ in range(2):  # the first finds the route, the second reads it remembered
        client.get(index_page.url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(index_page.url)

    assert response.status_code == 200
    assert "Station face matching" in response.content.decode()  # linked with {% pageurl %}
    asked = [query["sql"] for query in queries if Site._meta.db_table in query["sql"]]
    assert not asked, (
        "Wagtail read the request's site from the database although the remembered route "
        "gave it one: consult/core/routes.py's _give_wagtail_the_site no longer reaches "
        "Site.find_for_request."
    )


def test_a_path_no_page_has_is_not_found(client, index_page):
    assert client.get("/no-such-page/").status_code == 404
