"""An editor closes an open consultation from its admin page in Chromium: "Close now" in
the menu beside Publish, its confirmation, the message, and the public page that says it closed."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from accounts.models import User
from tests import factories
from tests.browser.test_browser_live import signed_in
from tests.realtime.conftest import session_cookie

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def scene(transactional_db) -> dict:
    """Made before the browser starts: Django's ORM refuses to run beside its loop."""
    index = factories.make_index_page(factories.home_page())
    consultation = factories.make_consultation(
        index, "Cameras on trams", system=factories.make_ai_system("Tram cameras")
    )
    consultation.save_revision().publish()
    editor = User.objects.create_user(email="erin@example.org", password="x" * 20)
    editor.groups.add(Group.objects.get(name="Editors"))
    TOTP.activate(editor, generate_totp_secret())
    return {"id": consultation.pk, "url": consultation.url, "editor": session_cookie(editor)}


def test_an_editor_closes_a_consultation_now(scene, live_server, pages):
    page = signed_in(pages, scene["editor"], live_server.url)
    page.goto(f"/admin/pages/{scene['id']}/edit/")

    page.get_by_role("button", name="More actions").click()  # the menu beside Publish
    page.get_by_role("link", name="Close now").click()
    page.get_by_role("button", name="Close now").click()

    expect(page.get_by_text("“Cameras on trams” is closed")).to_be_visible()
    page.goto(scene["url"])
    expect(page.locator("main")).to_contain_text("Closed")


@pytest.fixture
def filled_scene(scene) -> dict:
    """The consultation with a body of every block and questions of every kind: each block
    brings fields of its own to the editor."""
    from consult.consultations.models import ConsultationPage
    from tests.questionnaires.conftest import QUESTIONS

    page = ConsultationPage.objects.get(pk=scene["id"])
    page.body = [
        ("heading", "What we plan"),
        ("paragraph", RichText("<p>Cameras on every tram.</p>")),
    ]
    page.questions = QUESTIONS
    page.save_revision().publish()
    return scene


@pytest.mark.parametrize("width", [375, 1280])
def test_the_consultation_edit_form_is_accessible(filled_scene, live_server, pages, axe, width):
    """Every field has a name a screen reader reads out, the rich text editors included."""
    scene = filled_scene
    page = signed_in(pages, scene["editor"], live_server.url)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/admin/pages/{scene['id']}/edit/")
    page.wait_for_load_state("networkidle")
    tabs = page.get_by_role("tab")
    assert tabs.count() > 1
    for index in range(tabs.count()):
        tabs.nth(index).click()
        axe(page)
