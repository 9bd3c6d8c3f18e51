"""Remembered routes (consult.core.routes): a page whose route is remembered is served without
walking the page tree, through Wagtail's public page view and hooks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_remembered_route_is_served_without_walking_the_page_tree(client, index_page):
    """Finding a page's route asks the database for each level of the tree, from the site's
    root; a remembered one asks it for no page and no site."""
    system = factories.make_ai_system()
    page = factories.make_consultation(index_page, "Station face matching", system=system)
    client.force_login(User.objects.create_user(email="reader@example.org", password="x"))
    for _ in range(2):  # the first finds the route, the second reads it remembered
        client.get(page.url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)

    assert response.status_code == 200
    assert "Station face matching" in response.content.decode()
    tree = [
        query["sql"]
        for query in queries
        if Page._meta.db_table in query["sql"] or Site._meta.db_table in query["sql"]
    ]
    assert not tree, "a remembered route was looked up again:\n" + "\n".join(tree)


def test_a_path_no_page_has_is_not_found(client, index_page):
    assert client.get("/no-such-page/").status_code == 404
