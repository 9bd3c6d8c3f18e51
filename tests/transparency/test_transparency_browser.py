"""The public record of moderation and the participants' moderation pages in a real browser:
axe finds no WCAG A/AA violation in English or French, on a desktop and on a phone; without
JavaScript a participant reports a comment and an author appeals, by plain forms.

On the demo metro consultation, a moderator hides one of Amina's comments (Priya reported
it) and the pre-screen holds one of Priya's; then the pages are read and used.
"""

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from cms.demo.consultations import METRO
from consult.consultations.models import ConsultationPage
from consult.discussion import services as discussion
from consult.moderation.models import RuleCode
from consult.moderation.services.campaigns import comment_hold_automated
from consult.moderation.services.comments import comment_hide
from consult.moderation.services.decisions import Screening
from consult.moderation.services.flags import flag_create
from tests.browser.conftest import PHONE
from tests.browser.test_browser_taking_part import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGE = f"/consultations/{METRO['slug']}/"


@pytest.fixture
def moderated(demo):
    """Decisions on the demo discussion, taken before the browser opens (see conftest)."""
    consultation = ConsultationPage.objects.get(slug=METRO["slug"], locale__language_code="en")
    amina = User.objects.get(email="amina@demo.consult")
    priya = User.objects.get(email="priya@demo.consult")
    moderator = User.objects.get(email="moderator@demo.consult")
    moderator.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    advert = discussion.comment_create(
        consultation=consultation,
        author=amina,
        body="Cheap watches, best prices in town, visit our shop!",
        display_mode="pseudonym",
    )
    flag_create(comment=advert, flagger=priya, rule_code=RuleCode.SPAM)
    hidden = comment_hide(
        comment=advert, moderator=moderator, rule_code=RuleCode.SPAM, public_note="An advert."
    )
    held = discussion.comment_create(
        consultation=consultation, author=priya, body="Held words.", display_mode="pseudonym"
    )
    comment_hold_automated(
        comment=held,
        screening=Screening(check="burst", version=1, rule_code=RuleCode.SPAM),
    )
    other = discussion.comment_create(
        consultation=consultation,
        author=amina,
        body="A fair point about the cameras.",
        display_mode="pseudonym",
    )
    advert_reply = discussion.comment_create(
        consultation=consultation,
        author=amina,
        body="Another thought on the cameras.",
        display_mode="pseudonym",
    )
    return {"hidden": hidden, "other": other, "advert_reply": advert_reply}


def without_live_updates(page):
    """The test server speaks no WebSocket: the consultation page is read as it is served."""
    page.context.route(
        "**/static/js/live*.js",
        lambda route: route.fulfill(body="", content_type="text/javascript"),
    )
    return page


@pytest.mark.parametrize("prefix", ["", "/fr"], ids=["en", "fr"])
def test_the_public_record_passes_axe(moderated, pages, axe, prefix):
    decision = moderated["hidden"]
    for viewport in (None, PHONE):
        page = without_live_updates(pages.open(**({"viewport": viewport} if viewport else {})))
        for path in (
            "/transparency/",
            f"/transparency/{METRO['slug']}/",
            f"/transparency/decisions/{decision.pk}/",
            PAGE,
        ):
            response = page.goto(f"{prefix}{path}")
            assert response.status == 200, path
            axe(page)
        assert page.locator("svg.chart__svg").count() == 0  # the consultation page
        page.goto(f"{prefix}/transparency/")
        assert page.locator("svg.chart__svg").count() == 3
        assert page.locator("table.chart__table").count() == 3


def test_without_javascript_a_participant_reports_and_an_author_appeals(moderated, pages, axe):
    decision = moderated["hidden"]
    other = moderated["other"]
    priya = without_live_updates(pages.open(java_script_enabled=False))
    sign_in(priya, "priya@demo.consult")
    priya.goto(PAGE)
    assert "Held words." in priya.locator("#comment-list").inner_text()
    priya.goto(f"/comments/{other.pk}/report/")
    priya.check("#rule-off_topic")
    priya.fill("textarea[name=note]", "Not about the cameras.")
    priya.locator("main form button[type=submit]").click()
    priya.wait_for_load_state()
    assert "your report is with the moderators" in priya.locator("body").inner_text()
    priya.goto("/accounts/notifications/")
    assert "Waiting for a moderator" in priya.locator("main table").inner_text()

    amina = without_live_updates(pages.open(java_script_enabled=False))
    sign_in(amina, "amina@demo.consult", "/fr")
    amina.goto(f"/fr/decisions/{decision.pk}/appeal/")
    amina.fill("textarea[name=statement]", "C'était une question, pas une publicité.")
    amina.locator("main form button[type=submit]").click()
    amina.wait_for_load_state()
    assert "Votre recours est déposé" in amina.locator("body").inner_text()
    assert "En attente de relecture" in amina.locator("main").inner_text()

    checked = without_live_updates(pages.open())
    sign_in(checked, "amina@demo.consult")
    for path in (f"/decisions/{decision.pk}/appeal/", "/accounts/notifications/"):
        checked.goto(path)
        axe(checked)
    reporter = without_live_updates(pages.open())
    sign_in(reporter, "priya@demo.consult")
    reporter.goto(f"/comments/{moderated['advert_reply'].pk}/report/")
    axe(reporter)
