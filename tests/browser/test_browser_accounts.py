"""Accounts in a real browser: signing up, signing in to change a profile, and the admin's door.

Signing up and the admin need only what the migrations create; the profile journey signs in
as one of the demo participants.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cms.demo.users import DEMO_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PREFIXES = {"en": "", "fr": "/fr"}
LOCALES = {"en": "en-GB", "fr": "fr-FR"}
NEW_PASSWORD = "plum orchard lantern 2026"


def confirmation_link(message) -> str:
    match = re.search(r"https?://\S+/accounts/confirm-email/[^/\s]+/", message.body)
    assert match, message.body
    return match.group(0)


def signed_in(page) -> bool:
    return page.locator(".account-nav a[href$='/accounts/profile/']").count() == 1


@pytest.mark.parametrize("language", ["en", "fr"])
def test_newcomer_signs_up_fixes_a_mistake_and_the_mailed_link_brings_them_back(
    pages, axe, language
):
    prefix = PREFIXES[language]
    came_from = f"{prefix}/"
    email = f"newcomer-{language}@example.org"
    page = pages.open(locale=LOCALES[language])

    page.goto(came_from)
    page.locator(f".account-nav a[href^='{prefix}/accounts/signup/']").click()
    page.wait_for_url(re.compile(rf"{prefix}/accounts/signup/\?next="))
    assert not page.locator("input[type=checkbox]:checked").count()  # consent is given
    axe(page)

    page.fill("#id_email", email)
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD + " typo")
    page.fill("#id_display_name", "Noor Haddad")
    page.check("#id_stakeholder_group_0")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert "/accounts/signup/" in page.url
    assert page.title().startswith({"en": "Error: ", "fr": "Erreur\u00a0: "}[language])
    expect(page.locator(".form-errors")).to_be_focused()
    assert page.locator(".form-errors a[href='#id_password2']").is_visible()
    confirm_field = page.locator("#id_password2")
    assert confirm_field.get_attribute("aria-invalid") == "true"
    assert "id_password2_error" in confirm_field.get_attribute("aria-describedby").split()
    assert page.locator("#id_password2_error").is_visible()
    assert page.input_value("#id_email") == email
    assert page.input_value("#id_display_name") == "Noor Haddad"
    assert page.input_value("#id_password1") == NEW_PASSWORD
    assert mail.outbox == []
    axe(page)

    page.fill("#id_password2", NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/accounts/confirm-email/")
    assert not signed_in(page)
    assert page.locator("main form[action$='/accounts/confirm-email/resend/'] button").is_visible()
    axe(page)

    # One click on the mailed link, in the browser that signed up: signed in, and back.
    assert [message.to for message in mail.outbox] == [[email]]
    page.goto(confirmation_link(mail.outbox[0]))
    page.wait_for_load_state()

    assert signed_in(page)
    assert page.url.endswith(came_from)
    assert page.locator("html").get_attribute("lang") == language
    axe(page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_demo_participant_signs_in_and_changes_their_display_name(demo, pages, axe, language):
    prefix = PREFIXES[language]
    page = pages.open(locale=LOCALES[language])

    page.goto(prefix + "/")
    page.locator(f".account-nav a[href^='{prefix}/accounts/login/']").click()
    page.wait_for_url(re.compile(rf"{prefix}/accounts/login/\?next="))
    axe(page)
    page.fill("#id_login", "amina@demo.consult")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert signed_in(page)
    assert page.locator("html").get_attribute("lang") == language

    page.locator(".account-nav a[href$='/accounts/profile/']").click()
    page.wait_for_url(f"**{prefix}/accounts/profile/")
    assert page.input_value("#id_display_name") == "Amina Diallo"
    axe(page)

    page.fill("#id_display_name", "Amina D.")
    page.locator("form.form--profile button[type=submit]").click()
    page.wait_for_load_state()

    assert page.locator(".messages .message--success").is_visible()
    axe(page)
    page.reload()
    assert page.input_value("#id_display_name") == "Amina D."


def test_admin_sends_anonymous_visitors_to_our_sign_in_page(page, axe):
    page.goto("/admin/pages/")
    assert page.url.endswith("/accounts/login/?next=/admin/pages/"), page.url
    # Wagtail's own sign-in address forwards to ours too, keeping where to go next.
    page.goto("/admin/login/?next=/admin/pages/")
    assert page.url.endswith("/accounts/login/?next=/admin/pages/"), page.url

    assert page.locator("main #id_login").is_visible()
    # Wagtail's sign-in form has a username field and posts to the admin.
    assert page.locator("input[name=username]").count() == 0
    assert page.locator("form[action*='/admin/']").count() == 0
    axe(page)
