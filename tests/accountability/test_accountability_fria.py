"""The fundamental rights impact assessment (EU AI Act, Art. 27) as the public reads it: its six
elements, the contributions each listed item cites (links that lead somewhere public, never
the words of a comment the public may not read), its history and its French version; and who
may write it."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.demo.moderation import load_house_rules
from consult.discussion.models import CommentState
from consult.moderation.models import RuleCode
from consult.moderation.services.comments import comment_hide
from tests import factories
from tests.accountability.conftest import ELEMENTS, group, make_assessment, risk
from tests.outcomes.conftest import comment

pytestmark = pytest.mark.django_db


def fria_url(system, language="en") -> str:
    prefix = "" if language == "en" else f"/{language}"
    return f"{prefix}/ai-systems/{system.slug}/fria/"


def citation_links(html: str) -> list[str]:
    """The links inside the pages' lists of what raised each item."""
    blocks = re.findall(r'<details class="fria-item__citations">(.*?)</details>', html, re.S)
    return [href for block in blocks for href in re.findall(r'href="([^"]+)"', block)]


def test_the_public_page_shows_the_six_elements(client, system, consultation):
    make_assessment(
        system,
        consultation,
        groups=[group("Daily passengers", description="Everyone walking past.")],
        risks=[risk("Wrongful stops", right="non_discrimination")],
    )

    response = client.get(fria_url(system))

    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("(a)", "(b)", "(c)", "(d)", "(e)", "(f)"):
        assert f'<h2 id="fria-{heading[1]}">{heading}' in html
    for text in ELEMENTS.values():
        assert text in html
    assert "Daily passengers" in html and "Everyone walking past." in html
    assert "Wrongful stops" in html and "Non-discrimination" in html
    # (f) leads to the site's appeal route for moderation decisions.
    assert reverse("transparency_report") in html


def test_the_card_links_to_its_assessment(client, system, consultation):
    card = client.get(f"/ai-systems/{system.slug}/").content.decode()
    assert fria_url(system) not in card

    make_assessment(system, consultation)

    card = client.get(f"/ai-systems/{system.slug}/").content.decode()
    assert f'href="{fria_url(system)}"' in card
    assert f'href="/ai-systems/{system.slug}/eu-registration.json"' in card


def test_every_citation_leads_the_public_to_what_was_said(client, system, consultation, cited):
    make_assessment(
        system,
        consultation,
        groups=[group("Daily passengers", comments=[cited["comment"].pk])],
        risks=[
            risk(
                "Scanning of everyone's face",
                positions=[cited["position"].pk],
                themes=[cited["theme"].pk],
            )
        ],
    )

    html = client.get(fria_url(system)).content.decode()
    links = citation_links(html)

    # The comment, the position, the theme's answer in the summary, the theme's comment.
    assert len(links) == 4
    expected = [
        "I take this line every morning to work.",
        "Being scanned daily is too much.",
        "A person checks every match.",
        "Who checks the matches at night?",
    ]
    for link, words in zip(links, expected, strict=True):
        followed = client.get(link, follow=True)
        assert followed.status_code == 200, link
        assert words in followed.content.decode(), link
    assert links[1].endswith("#position")
    assert links[2].endswith("#theme-1")


def test_a_hidden_comment_is_cited_without_its_words(
    client, system, consultation, alice, mona, french
):
    kept = comment(consultation, alice, body="Cameras at every gate worry me.")
    hidden = comment(consultation, alice, body="The wombat remark broke a rule.")
    held = comment(consultation, alice, body="The marmalade link waits.", state=CommentState.HELD)
    load_house_rules()
    comment_hide(comment=hidden, moderator=mona, rule_code=RuleCode.SPAM)
    make_assessment(
        system,
        consultation,
        groups=[group("Daily passengers", comments=[kept.pk, hidden.pk, held.pk])],
    )

    response = client.get(fria_url(system))

    html = response.content.decode()
    assert "Cameras at every gate worry me." in html
    assert "wombat" not in html
    assert "marmalade" not in html
    assert "A contribution hidden by moderation." in html
    assert "A contribution waiting for moderation." in html
    # The hidden one's link is its public tombstone, which does not quote it either.
    tombstone = client.get(reverse("discussion_comment", args=[hidden.pk]), follow=True)
    assert tombstone.status_code == 200
    assert "wombat" not in tombstone.content.decode()
    assert reverse("discussion_comment", args=[held.pk]) not in citation_links(html)


def test_nothing_of_a_consultation_the_public_cannot_read_is_shown(
    client, system, consultation, alice
):
    raised = comment(consultation, alice, body="Cameras at every gate worry me.")
    make_assessment(system, consultation, groups=[group("Daily passengers", comments=[raised.pk])])
    consultation.unpublish()

    html = client.get(fria_url(system)).content.decode()

    assert "Daily passengers" in html
    assert "Cameras at every gate" not in html
    assert citation_links(html) == []


def test_a_citation_must_come_from_the_assessments_consultation(
    system, consultation, index_page, alice
):
    other = factories.make_consultation(index_page, "Another consultation", system=system)
    elsewhere = comment(other, alice, body="About another consultation.")

    with pytest.raises(Exception, match=f"No comments numbered {elsewhere.pk}"):
        make_assessment(system, consultation, groups=[group("Anyone", comments=[elsewhere.pk])])


def test_a_draft_is_not_public(client, system, consultation):
    assessment = make_assessment(system, consultation, publish=False)

    assert client.get(fria_url(system)).status_code == 404
    assert client.get(fria_url(system) + "history/").status_code == 404

    assessment.save_revision().publish()
    assessment.human_oversight_measures = "A draft nobody has approved yet."
    assessment.save_revision()

    html = client.get(fria_url(system)).content.decode()
    assert ELEMENTS["human_oversight_measures"] in html
    assert "A draft nobody has approved yet." not in html


def test_the_history_shows_what_changed_after_the_consultation(client, system, consultation):
    assessment = make_assessment(system, consultation)
    # The first version was published while the consultation was open.
    ModelLogEntry.objects.for_instance(assessment).update(
        timestamp=consultation.closes_at - timedelta(days=5)
    )
    assessment.risks = [
        *[{"type": c.block_type, "value": c.value, "id": c.id} for c in assessment.risks],
        risk("No way to contest a wrong listing", right="due_process"),
    ]
    assessment.human_oversight_measures = "Two officers check every alert."
    assessment.save_revision().publish()

    response = client.get(fria_url(system) + "history/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "first published." in html
    assert "“No way to contest a wrong listing” was added." in html
    assert "(e) human oversight measures was changed." in html
    assert html.count("changed after the consultation") == 2  # the lead, then one version
    versions = response.context["history"]
    assert [v.after_consultation for v in versions] == [True, False]


def test_the_french_page_reads_the_french_version(client, system, consultation, french):
    english = make_assessment(system, consultation)

    # Until translated, French readers get the English version, marked as such.
    html = client.get(fria_url(system, "fr")).content.decode()
    assert ELEMENTS["deployer_processes"] in html
    assert 'lang="en"' in html

    translation = english.copy_for_translation(french)
    translation.deployer_processes = "Les agents reçoivent les alertes des caméras."
    translation.save()
    translation.save_revision().publish()

    response = client.get(fria_url(system, "fr"))
    html = response.content.decode()
    assert "Les agents reçoivent les alertes des caméras." in html
    assert "Analyse d'impact sur les droits fondamentaux" in html
    assert ELEMENTS["deployer_processes"] not in html

    history = client.get(fria_url(system, "fr") + "history/").content.decode()
    assert re.search(r"</time></strong>\u00a0:\s+première publication\.", history)


def test_the_page_costs_the_same_queries_however_many_citations(
    client, system, consultation, cited, alice
):
    assessment = make_assessment(
        system, consultation, groups=[group("Daily passengers", comments=[cited["comment"].pk])]
    )
    with CaptureQueriesContext(connection) as one:
        assert client.get(fria_url(system)).status_code == 200

    more = [comment(consultation, alice, body=f"Point {n}.").pk for n in range(6)]
    assessment.affected_groups = [
        group(
            f"Group {n}",
            comments=more,
            positions=[cited["position"].pk],
            themes=[cited["theme"].pk],
        )
        for n in range(4)
    ]
    assessment.risks = [risk(f"Risk {n}", comments=more) for n in range(4)]
    assessment.save_revision().publish()
    with CaptureQueriesContext(connection) as many:
        assert client.get(fria_url(system)).status_code == 200

    # Themes and positions cost their queries once, whatever their number.
    assert len(many) <= len(one) + 4, [q["sql"] for q in many.captured_queries]
    assert len(many) <= 30


# --- who may write it -------------------------------------------------------------------
def admin_url(action: str, *args) -> str:
    return reverse(
        f"wagtailsnippets_accountability_fundamentalrightsassessment:{action}", args=args
    )


def test_only_editors_edit_assessments(client, system, consultation, erin, mona, alice):
    assessment = make_assessment(system, consultation)

    client.force_login(erin)
    assert client.get(admin_url("edit", assessment.pk)).status_code == 200
    assert client.get(admin_url("add") + "?locale=en").status_code == 200

    for outsider in (mona, alice):
        client.force_login(outsider)
        response = client.get(admin_url("edit", assessment.pk))
        assert response.status_code == 302, outsider
        # The moderator back to the admin's dashboard, the participant to signing in.
        assert response["Location"].split("?")[0] in ("/admin/", reverse("account_login"))


NO_CITATIONS = {kind: {"count": "0"} for kind in ("comments", "positions", "themes")}


def test_an_editor_publishes_an_assessment_from_the_admin(client, system, consultation, erin):
    client.force_login(erin)
    data = nested_form_data(
        {
            "ai_system": system.pk,
            "consultation": consultation.pk,
            **ELEMENTS,
            "affected_groups": streamfield(
                [("group", {"name": "Daily passengers", "description": "", **NO_CITATIONS})]
            ),
            "risks": streamfield(
                [
                    (
                        "risk",
                        {"name": "Wrongful stops", "right": "", "description": "", **NO_CITATIONS},
                    )
                ]
            ),
            "complaint_links": streamfield([]),
            "dpia_applicable": "on",
            "action-publish": "action-publish",
        }
    )

    response = client.post(admin_url("add") + "?locale=en", data)

    assert response.status_code == 302, response.context["form"].errors
    assert "Daily passengers" in client.get(fria_url(system)).content.decode()
