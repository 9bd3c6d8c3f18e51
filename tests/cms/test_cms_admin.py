"""Editors can reach the cms forms in the Wagtail admin and what they save shows on the site."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from wagtail.models import Site

from accounts.models import User
from cms.models import StandardPage


@pytest.fixture
def ada(db) -> User:
    """A site administrator with an authenticator app, so the admin lets her in."""
    user = User.objects.create_superuser(email="ada@example.org", password="correct horse battery")
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.mark.django_db
def test_admin_edits_site_settings(client, ada):
    client.force_login(ada)
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/cms/sitesettings/{site.pk}/"

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "organisation_name": "Office for Public Participation",
            "contact_email": "hello@consult.example",
            "footer_text": "We publish every decision.",
        },
    )

    assert response.status_code == 302
    html = client.get("/").text
    assert '<span class="brand__name">Office for Public Participation</span>' in html
    assert "We publish every decision." in html


@pytest.mark.django_db
def test_admin_adds_a_standard_page_under_the_home_page(client, ada, home):
    client.force_login(ada)
    url = f"/admin/pages/add/cms/standardpage/{home.pk}/"

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Accessibility statement",
            "slug": "accessibility",
            "intro": "How accessible this site is.",
            "body-count": "0",
            "show_in_footer": "on",
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(slug="accessibility")
    assert page.live
    assert page.get_parent().specific == home
    assert '<a href="/accessibility/">Accessibility statement</a>' in client.get("/").text
