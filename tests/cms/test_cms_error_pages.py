import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error


@pytest.mark.django_db
def test_unknown_path_gets_our_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert '<main id="main"' in response.text
    assert 'class="site-header"' in response.text


def test_500_page_needs_neither_request_nor_database():
    # No django_db mark: any query in the template would fail the test.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_explains_what_to_do():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "a@b.c"})

    assert response.status_code == 403
    html = response.text
    assert "<h1>Your form could not be sent</h1>" in html
    assert "Reload it" in html
    assert 'class="site-header"' in html
