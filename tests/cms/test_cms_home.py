import re

import pytest
from wagtail.models import Page, Site

from cms.models import HomePage


@pytest.mark.django_db
def test_fresh_database_has_our_home_page_as_the_english_site_root():
    site = Site.objects.get(is_default_site=True)

    assert type(site.root_page.specific) is HomePage
    assert site.root_page.locale.language_code == "en"
    # Wagtail's "Welcome to your new Wagtail site!" page is gone.
    assert not Page.objects.filter(title__startswith="Welcome").exists()


@pytest.mark.django_db
def test_home_page_renders_with_landmarks_skip_link_and_one_h1(client, home):
    response = client.get("/")

    assert response.status_code == 200
    html = response.text
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert f"<h1>{home.title}</h1>" in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html
    assert "How taking part works" in html


@pytest.mark.django_db
def test_home_page_lists_open_consultations_only(client, make_consultation):
    make_consultation("Fraud risk scoring")
    make_consultation("Station cameras", opens_in_days=5, closes_in_days=30)
    make_consultation("Old chatbot", opens_in_days=-30, closes_in_days=-1)

    html = client.get("/").text

    assert "Fraud risk scoring" in html
    assert "Station cameras" not in html
    assert "Old chatbot" not in html


@pytest.mark.django_db
def test_home_page_runs_a_fixed_number_of_queries(
    client, make_consultation, make_standard_page, django_assert_max_num_queries
):
    make_standard_page("About", show_in_menus=True)
    make_standard_page("Privacy", show_in_footer=True)
    # One card, so that the cards' links (and Wagtail's root paths) are counted here too.
    make_consultation("Consultation first")
    client.get("/")  # Wagtail caches the site's root paths on first use.
    client.get("/")  # and the route and menus are remembered on the second
    with django_assert_max_num_queries(14) as few:
        client.get("/")
    # Counted now: the next request clears the connection's query log.
    few_count = len(few.captured_queries)

    for number in range(7):
        make_consultation(f"Consultation {number}")
    make_standard_page("House rules", show_in_menus=True, show_in_footer=True)
    # Publishing replaced the site version: the first request after it finds the route and
    # renders the menus again (consult.core.fragments); the count is of the ones after.
    client.get("/")
    client.get("/")
    with django_assert_max_num_queries(few_count):
        response = client.get("/")
    assert response.text.count('class="card"') == 6
