"""Retention periods come from settings and are stated where participants read them."""

import pytest
from wagtail.models import Site

from cms.models import StandardPage


@pytest.mark.django_db
def test_the_cms_privacy_page_states_the_real_retention_values(client, settings):
    settings.CONSULT_RETENTION_AFTER_OUTCOME_DAYS = 180
    settings.CONSULT_AUDIT_IDENTITY_DAYS = 400
    home = Site.objects.get(is_default_site=True).root_page
    page = StandardPage(title="Privacy", slug="privacy", intro="We collect little.")
    home.add_child(instance=page)
    other = StandardPage(title="About", slug="about")
    home.add_child(instance=other)

    text = client.get(page.url).content.decode()
    assert "180 days after a consultation" in text
    assert "for 400 days" in text
    assert "never be used to train" in text
    assert "180 days" not in client.get(other.url).content.decode()


@pytest.mark.django_db
def test_the_my_data_page_states_them_too(client, alice, settings):
    settings.CONSULT_ACCOUNT_DELETION_GRACE_DAYS = 3
    settings.CONSULT_DATA_EXPORT_DAYS = 2
    client.force_login(alice)
    text = client.get("/accounts/privacy/").content.decode()
    assert "we wait 3 days" in text
    assert "kept for 2 days" in text


@pytest.mark.django_db
def test_the_privacy_and_terms_pages_state_the_no_ai_training_promise_apart(client):
    home = Site.objects.get(is_default_site=True).root_page
    pages = {}
    for slug in ("privacy", "terms", "about"):
        pages[slug] = StandardPage(title=slug.title(), slug=slug)
        home.add_child(instance=pages[slug])

    for slug in ("privacy", "terms"):
        text = client.get(pages[slug].url).content.decode()
        section = text[text.index('aria-labelledby="no-ai-training-heading"') :]
        assert '<h2 id="no-ai-training-heading">Never used to train AI</h2>' in section
        assert (
            "never be used to train, fine-tune or evaluate"
            in section[: section.index("</section>")]
        )
    assert "no-ai-training-heading" not in client.get(pages["about"].url).content.decode()
