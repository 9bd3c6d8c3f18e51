import pytest


@pytest.mark.django_db
def test_standard_page_renders_its_body_blocks(client, make_standard_page):
    make_standard_page(
        "House rules",
        slug="house-rules",
        intro="How we keep discussions useful.",
        body=[
            {"type": "heading", "value": {"text": "Be kind", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Criticise ideas, <b>not</b> people.</p>"},
            {
                "type": "callout",
                "value": {"title": "Appeals", "body": "<p>You can appeal.</p>", "tone": "info"},
            },
        ],
    )

    response = client.get("/house-rules/")

    assert response.status_code == 200
    html = response.text
    assert "<h1>House rules</h1>" in html
    assert '<p class="lead">How we keep discussions useful.</p>' in html
    assert "<h2>Be kind</h2>" in html
    assert "Criticise ideas, <b>not</b> people." in html
    assert 'class="callout callout--info"' in html


@pytest.mark.django_db
def test_menu_pages_join_the_main_navigation_and_mark_the_current_one(client, make_standard_page):
    make_standard_page("About us", slug="about", show_in_menus=True)
    make_standard_page("Hidden page", slug="hidden")

    html = client.get("/about/").text
    main_nav = html.split('class="main-nav"')[1].split("</nav>")[0]

    assert '<a href="/consultations/">Consultations</a>' in main_nav
    assert '<a href="/ai-systems/">AI systems</a>' in main_nav
    assert '<a href="/about/" aria-current="page">About us</a>' in main_nav
    assert "Hidden page" not in main_nav


@pytest.mark.django_db
def test_footer_shows_the_settings_text_contact_and_flagged_pages(
    client, site_settings, make_standard_page
):
    site_settings.footer_text = "Run by the Office for Public Participation."
    site_settings.contact_email = "hello@consult.example"
    site_settings.save()
    make_standard_page("Privacy notice", slug="privacy", show_in_footer=True)
    make_standard_page("Not in the footer", slug="other")

    footer = client.get("/").text.split("<footer")[1]

    assert "Run by the Office for Public Participation." in footer
    assert 'href="mailto:hello@consult.example"' in footer
    assert '<a href="/privacy/">Privacy notice</a>' in footer
    assert "Not in the footer" not in footer


@pytest.mark.django_db
def test_footer_prefers_the_translation_in_the_current_language(
    client, french, french_home, make_standard_page
):
    privacy = make_standard_page("Privacy notice", slug="privacy", show_in_footer=True)
    make_standard_page("Accessibility", slug="accessibility", show_in_footer=True)
    translated = privacy.copy_for_translation(french)
    translated.title = "Confidentialité"
    translated.slug = "confidentialite"
    translated.save_revision().publish()

    footer = client.get("/fr/").text.split("<footer")[1]

    assert '<a href="/fr/confidentialite/">Confidentialité</a>' in footer
    assert "Privacy notice" not in footer
    # Not translated yet: the English page stands in.
    assert '<a href="/accessibility/">Accessibility</a>' in footer
