"""A participant takes part: comments, replies, reacts, gives a position and answers the
questionnaire, once with JavaScript (in place, no reload) and once without (plain posts and
redirects); then a signed-out reader checks that the pseudonym hides who wrote.

Amina (an affected person) posts under her pseudonym; Priya reacts to Amina's new comment,
since nobody may react to their own. The demo discussion already holds Amina's position
(oppose) and her reactions to Priya, Lucas, Sam and Tom's second comment, so she reacts to
Dr Rossi's suggestion, which she has not reacted to yet.
"""

import re

import pytest
from playwright.sync_api import expect

from cms.demo.consultations import METRO
from cms.demo.users import DEMO_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGE = f"/consultations/{METRO['slug']}/"
AMINA = "amina@demo.consult"
AMINA_NAME = "Amina Diallo"
PRIYA = "priya@demo.consult"
# Demo comments, by their first words (cms/demo/discussion.py).
PRIYA_COMMENT = "Live facial recognition in public transport"
ELENA_SUGGESTION = "Suggestion for the impact assessment"
ELENA_SUGGESTION_AGREES = 2
MARKER = "window.takingPartMarker"


def sign_in(page, email: str, prefix: str = "") -> None:
    page.goto(f"{prefix}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.locator("main").inner_text()


def card_of(page, text: str):
    """The card of the comment whose body shows `text` (a card holds no replies)."""
    return page.locator(".comment__card", has=page.locator(".comment__body", has_text=text))


def comment_item(page, text: str):
    """The comment item, replies included, around that card: the innermost of its ancestors."""
    return page.locator(".comment", has=card_of(page, text)).last


def agree_button(page, text: str):
    # By its name: a pressed button posts "withdraw", so its value says nothing.
    return card_of(page, text).get_by_role("button", name=re.compile(r"^Agree\b"))


def agree_count(page, text: str) -> int:
    return int(agree_button(page, text).locator(".reaction__count").inner_text())


def pseudonym_choice(page) -> str:
    """Amina's pseudonym, as the comment form offers it."""
    label = page.locator(
        "form[data-discussion-comment-form] label", has=page.locator("input[value=pseudonym]")
    ).first.text_content()  # folded under "Change": not rendered, so no inner text
    match = re.search(r",\s*(.+)$", label.strip())
    assert match, label
    return match.group(1).strip()


def choose_pseudonym(form) -> None:
    """Open the form's summarised data-use choices ("Change") and pick the pseudonym."""
    uses = form.locator("details.comment-form__uses")
    if uses.get_attribute("open") is None:
        uses.locator("summary").click()
    form.locator("input[name=display_mode][value=pseudonym]").check()


def announcer(page):
    """The live region the discussion's script speaks through."""
    return page.locator("#discussion-announcer")


def message(page) -> str:
    return page.locator(".messages").inner_text()


def answer_questionnaire(page) -> None:
    form = page.locator("form.questionnaire")
    form.locator(".question--scale input[type=radio]").nth(1).check()
    form.locator(".question--multiple_choice input[type=checkbox]").first.check()
    form.locator(".question--long_text textarea").fill("I ride line 4 every morning.")
    form.locator("button[value=submit]").click()
    page.wait_for_load_state()
    assert "your answers were submitted" in message(page)
    assert (
        page.locator("form.questionnaire .questionnaire-state")
        .inner_text()
        .startswith("You submitted your answers on")
    )


def assert_no_name_for_the_public(pages, pseudonym: str, *texts: str) -> None:
    reader = pages.open()
    reader.goto(PAGE)
    html = reader.content()
    assert AMINA_NAME not in html
    assert "Diallo" not in html
    for text in texts:
        # text_content: a reply may be folded under "Show N replies", so not rendered.
        author = card_of(reader, text).locator(".comment__author").text_content()
        assert author == pseudonym


def test_a_participant_takes_part_in_place_with_javascript(demo, pages, axe):
    page = pages.open(locale="en-GB")
    sign_in(page, AMINA)
    page.goto(PAGE)
    page.evaluate(f"{MARKER} = 'no reload'")
    pseudonym = pseudonym_choice(page)
    comments_heading = page.locator("#comments")
    count_before = int(comments_heading.inner_text().split()[0])

    # A comment under the pseudonym, in place.
    composer = page.locator("#take-part > form[data-discussion-comment-form]")
    composer.locator("textarea").fill("My commute is *not* a police line-up.")
    choose_pseudonym(composer)
    composer.get_by_role("button", name="Post comment").click()
    mine = card_of(page, "My commute is not a police line-up.")
    mine.wait_for()
    expect(announcer(page)).to_have_text("Your comment is published.")
    assert mine.locator(".comment__body em").inner_text() == "not"
    assert mine.locator(".comment__author").inner_text() == pseudonym
    assert composer.locator("textarea").input_value() == ""
    assert page.locator("#comment-list > li").first.locator(".comment__body").inner_text() == (
        "My commute is not a police line-up."
    )

    # A reply to Priya, in place, nested under her comment.
    priya = comment_item(page, PRIYA_COMMENT)
    priya.locator(".comment__card [data-reply-to]").first.click()
    reply_form = priya.locator(".comment__card form[data-discussion-comment-form]")
    reply_form.locator("textarea").fill("Who audits the deletion is my question too.")
    choose_pseudonym(reply_form)
    reply_form.get_by_role("button", name="Post reply").click()
    reply = priya.locator(
        ":scope > .comment-replies > .comment, :scope > details > .comment-replies > .comment",
        has=page.locator(".comment__body", has_text="Who audits the deletion is my question"),
    )
    reply.wait_for()
    assert reply_form.count() == 0
    assert reply.locator(".comment__author").first.inner_text() == pseudonym

    # Agree with Dr Rossi's suggestion: the count moves in place and the button is pressed;
    # pressing it again withdraws the reaction, and a third press agrees again.
    assert agree_count(page, ELENA_SUGGESTION) == ELENA_SUGGESTION_AGREES
    for pressed, agrees in (("true", 1), ("false", 0), ("true", 1)):
        agree_button(page, ELENA_SUGGESTION).click()
        card_of(page, ELENA_SUGGESTION).locator(
            f".reaction[aria-pressed={pressed}]", has_text="Agree"
        ).first.wait_for()
        page.wait_for_function(
            "([text, n]) => [...document.querySelectorAll('.comment__card')].some(card =>"
            " card.textContent.includes(text) &&"
            " card.querySelector('.reaction__count').textContent.trim() === String(n))",
            arg=[ELENA_SUGGESTION, ELENA_SUGGESTION_AGREES + agrees],
        )
        assert agree_button(page, ELENA_SUGGESTION).get_attribute("aria-pressed") == pressed

    # Amina edits her comment in place: the form takes the text's place, then the new text.
    mine.locator("[data-edit-comment]").click()
    editor = mine.locator("form[data-discussion-edit-form]")
    editor.locator("textarea").fill("My commute is **not** a police line-up, says Amina.")
    editor.get_by_role("button", name="Save changes").click()
    edited = card_of(page, "My commute is not a police line-up, says Amina.")
    edited.wait_for()
    assert edited.locator(".comment__body strong").inner_text() == "not"
    assert edited.locator(".comment__edited").inner_text() == "(edited)"
    assert edited.locator("form[data-discussion-edit-form]").count() == 0

    # Change position from oppose to unsure, in place.
    panel = page.locator("[data-position-panel]")
    assert "Oppose" in panel.locator(".position-panel__own").inner_text()
    panel.locator("input[name=stance][value=unsure]").check()
    panel.locator("textarea[name=reason]").fill("It depends on who audits the deletion.")
    panel.locator("form[data-discussion-position-form] button[type=submit]").click()
    page.locator("[data-position-panel] .position-panel__own", has_text="Unsure").wait_for()
    reason = page.locator(".position-reasons__item", has_text="It depends on who audits")
    assert reason.locator("strong").text_content() == pseudonym  # folded reasons

    # No reload (the live stream may have moved the comment count in place meanwhile).
    assert page.evaluate(MARKER) == "no reload"
    axe(page)

    # After a reload everything is still there: the server kept it.
    page.reload()
    assert int(comments_heading.inner_text().split()[0]) == count_before + 2
    assert card_of(page, "Who audits the deletion is my question too.").count() == 1
    assert card_of(page, "police line-up, says Amina.").count() == 1
    assert agree_count(page, ELENA_SUGGESTION) == ELENA_SUGGESTION_AGREES + 1
    assert "Unsure" in page.locator(".position-panel__own").inner_text()

    answer_questionnaire(page)
    axe(page)

    # Priya agrees with Amina's new comment, in place.
    priya_page = pages.open(locale="en-GB")
    sign_in(priya_page, PRIYA)
    priya_page.goto(PAGE)
    ours = "police line-up, says Amina."
    assert agree_count(priya_page, ours) == 0
    agree_button(priya_page, ours).click()
    card_of(priya_page, ours).locator(".reaction[aria-pressed=true]").wait_for()
    assert agree_count(priya_page, ours) == 1

    # In French: one discussion for both languages.
    page.goto(f"/fr{PAGE}")
    assert page.locator("html").get_attribute("lang") == "fr"
    composer = page.locator("#take-part > form[data-discussion-comment-form]")
    composer.locator("textarea").fill("Je veux un avis clair à l'entrée des stations.")
    choose_pseudonym(composer)
    composer.locator("button[type=submit]").click()
    card_of(page, "Je veux un avis clair à l'entrée des stations.").wait_for()
    # One the pre-screen holds (a word on the demo's term list) is said to wait for review.
    composer.locator("textarea").fill("Ces caméras nous traitent comme de la vermine.")
    composer.locator("button[type=submit]").click()
    held = card_of(page, "Ces caméras nous traitent comme de la vermine.")
    held.wait_for()
    expect(held.locator(".comment__status--held")).to_contain_text("En attente de relecture")
    expect(announcer(page)).to_have_text(
        "Votre commentaire attend une relecture\u00a0: une personne de la modération le lit "
        "avant sa publication. D'ici là, seuls vous et la modération pouvez le voir."
    )
    page.goto(PAGE)
    assert card_of(page, "Je veux un avis clair à l'entrée des stations.").count() == 1

    assert_no_name_for_the_public(
        pages,
        pseudonym,
        "police line-up, says Amina.",
        "Who audits the deletion is my question too.",
        "Je veux un avis clair à l'entrée des stations.",
    )


def test_a_participant_takes_part_without_javascript(demo, pages):
    page = pages.open(locale="en-GB", java_script_enabled=False)
    sign_in(page, AMINA)
    page.goto(PAGE)
    pseudonym = pseudonym_choice(page)

    # A comment: the post redirects to the comment on the page, with a message.
    composer = page.locator("#take-part > form[data-discussion-comment-form]")
    composer.locator("textarea").fill("Posted without scripts, under my pseudonym.")
    choose_pseudonym(composer)
    composer.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    assert message(page) == "Your comment is published."
    mine = card_of(page, "Posted without scripts, under my pseudonym.")
    assert mine.locator(".comment__author").inner_text() == pseudonym
    assert page.url.split("#")[1] == comment_item(
        page, "Posted without scripts, under my pseudonym."
    ).get_attribute("id")

    # A reply: the link opens a page with the form, which posts and comes back.
    card_of(page, PRIYA_COMMENT).locator("[data-reply-to]").click()
    page.wait_for_url("**/comments/?parent=*")
    assert page.locator("h1").inner_text() == "Reply to a comment"
    reply_form = page.locator("form[data-discussion-comment-form]")
    reply_form.locator("textarea").fill("A reply sent as a plain form.")
    choose_pseudonym(reply_form)
    reply_form.get_by_role("button", name="Post reply").click()
    page.wait_for_url(re.compile(rf"{PAGE}(\?page=\d+)?#comment-\d+$"))
    assert message(page) == "Your comment is published."
    priya = comment_item(page, PRIYA_COMMENT)
    reply = priya.locator(
        ":scope > .comment-replies > .comment, :scope > details > .comment-replies > .comment",
        has=page.locator(".comment__body", has_text="A reply sent as a plain form."),
    )
    assert reply.count() == 1

    # A reaction: the button posts, the page comes back with the new count.
    agree_button(page, ELENA_SUGGESTION).click()
    page.wait_for_load_state()
    assert message(page) == "Your reaction is recorded."
    assert agree_count(page, ELENA_SUGGESTION) == ELENA_SUGGESTION_AGREES + 1
    assert agree_button(page, ELENA_SUGGESTION).get_attribute("aria-pressed") == "true"
    # Pressed again, it withdraws the reaction.
    agree_button(page, ELENA_SUGGESTION).click()
    page.wait_for_load_state()
    assert message(page) == "Your reaction is withdrawn."
    assert agree_count(page, ELENA_SUGGESTION) == ELENA_SUGGESTION_AGREES
    assert agree_button(page, ELENA_SUGGESTION).get_attribute("aria-pressed") == "false"

    # An edit: its own page, which saves and comes back marked "edited".
    mine.locator("[data-edit-comment]").click()
    page.wait_for_url("**/edit/")
    page.locator("textarea[name=body]").fill("Posted without scripts, then edited.")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    assert message(page) == "Your comment is updated."
    assert (
        card_of(page, "Posted without scripts, then edited.").locator(".comment__edited").count()
        == 1
    )

    # A position.
    panel = page.locator("[data-position-panel]")
    panel.locator("input[name=stance][value=support]").check()
    panel.locator("form[data-discussion-position-form] button[type=submit]").click()
    page.wait_for_url("**#position")
    assert message(page) == "Your position is recorded."
    assert "Support" in page.locator(".position-panel__own").inner_text()
    # And withdrawn.
    page.get_by_role("button", name="Withdraw my position").click()
    page.wait_for_url("**#position")
    assert message(page) == "Your position is withdrawn."
    assert page.locator(".position-panel__own").count() == 0

    answer_questionnaire(page)
    assert page.url.endswith(f"{PAGE}#questions")

    # In French, without scripts too: the comment lands on the English page as well.
    page.goto(f"/fr{PAGE}")
    composer = page.locator("#take-part > form[data-discussion-comment-form]")
    composer.locator("textarea").fill("Un commentaire en français, sans script.")
    choose_pseudonym(composer)
    composer.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/fr{PAGE}(\?page=\d+)?#comment-\d+$"))
    assert card_of(page, "Un commentaire en français, sans script.").count() == 1
    page.goto(PAGE)
    assert card_of(page, "Un commentaire en français, sans script.").count() == 1

    assert_no_name_for_the_public(
        pages,
        pseudonym,
        "Posted without scripts, then edited.",
        "A reply sent as a plain form.",
        "Un commentaire en français, sans script.",
    )
