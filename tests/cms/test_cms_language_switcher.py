import pytest


def _language_link(html: str) -> str:
    return html.split('class="language-switcher"')[1].split("</nav>")[0]


@pytest.mark.django_db
def test_home_page_links_to_french_and_back(client, french_home):
    english = _language_link(client.get("/").text)
    assert '<a href="/fr/" hreflang="fr" lang="fr">Français</a>' in english

    response = client.get("/fr/")
    assert '<html lang="fr">' in response.text
    assert "<h1>Donnez votre avis</h1>" in response.text
    assert '<a href="/" hreflang="en" lang="en">English</a>' in _language_link(response.text)


@pytest.mark.django_db
def test_page_links_to_its_translation(client, french, french_home, make_standard_page):
    about = make_standard_page("About", slug="about")
    translated = about.copy_for_translation(french)
    translated.slug = "a-propos"
    translated.save_revision().publish()

    assert 'href="/fr/a-propos/"' in _language_link(client.get("/about/").text)
    assert 'href="/about/"' in _language_link(client.get("/fr/a-propos/").text)


@pytest.mark.django_db
def test_untranslated_page_links_to_the_other_language_home(
    client, french_home, make_standard_page
):
    make_standard_page("About", slug="about")

    assert '<a href="/fr/" hreflang="fr"' in _language_link(client.get("/about/").text)


@pytest.mark.django_db
def test_django_view_links_to_the_same_view_in_the_other_language(client):
    english = _language_link(client.get("/accounts/login/?next=/about/").text)
    assert 'href="/fr/accounts/login/?next=/about/"' in english

    french = _language_link(client.get("/fr/accounts/login/").text)
    assert '<a href="/accounts/login/" hreflang="en" lang="en">English</a>' in french
