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


@pytest.mark.parametrize(
    ("path", "language", "heading", "home"),
    [
        ("/consultations/", "en", "This request could not be read", 'href="/"'),
        ("/fr/consultations/", "fr", "Cette demande n'a pas pu être lue", 'href="/fr/"'),
    ],
)
def test_a_nul_in_the_query_gets_our_400_page_in_the_reader_s_language(
    client, path, language, heading, home
):
    # No django_db mark: the refusal reads nothing from the database.
    response = client.get(path, {"q": "station\x00"})

    assert response.status_code == 400
    html = response.text
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert '<main id="main"' in html and 'class="skip-link"' in html
    assert f"{home}>" in html  # the home page in the same language
    assert "station" not in html  # what was refused is not echoed


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
