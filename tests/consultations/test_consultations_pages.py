"""The consultation list at /consultations/ and one consultation's page, as the public sees them."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents.models import Document

from consult.consultations.models import ConsultationDocument, ConsultationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def system(make_system):
    return make_system("Benefit fraud risk scoring")


def titles(response) -> list[str]:
    return [page.title for page in response.context["consultations"]]


def test_list_shows_live_consultations_with_their_status(
    client, index_page, system, make_consultation
):
    make_consultation(index_page, "Open one", system=system)
    make_consultation(index_page, "Upcoming one", system=system, opens_in=timedelta(days=3))
    make_consultation(index_page, "Draft one", system=system, live=False)

    response = client.get("/consultations/")

    assert response.status_code == 200
    assert sorted(titles(response)) == ["Open one", "Upcoming one"]
    html = response.content.decode()
    assert 'class="badge badge--open"' in html
    assert 'class="badge badge--upcoming"' in html
    assert "Draft one" not in html


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", ["Open one"]),
        ("upcoming", ["Upcoming one"]),
        ("closed", ["Closed one"]),
        ("outcome_published", ["Decided one"]),
        ("", ["Upcoming one", "Open one", "Closed one", "Decided one"]),
        ("nonsense", ["Upcoming one", "Open one", "Closed one", "Decided one"]),
    ],
)
def test_list_filters_by_status(client, index_page, system, make_consultation, status, expected):
    make_consultation(index_page, "Upcoming one", system=system, opens_in=timedelta(days=3))
    make_consultation(index_page, "Open one", system=system, opens_in=timedelta(days=-1))
    make_consultation(
        index_page, "Closed one", system=system, opens_in=timedelta(days=-40)
    )  # closed ten days ago
    decided = make_consultation(
        index_page, "Decided one", system=system, opens_in=timedelta(days=-60)
    )
    ConsultationPage.objects.filter(pk=decided.pk).update(
        outcome_published_at=decided.closes_at + timedelta(days=1)
    )

    response = client.get("/consultations/", {"status": status})

    assert response.status_code == 200
    assert titles(response) == expected


def test_list_search_box(client, index_page, system, make_consultation):
    make_consultation(index_page, "Facial recognition at stations", system=system)
    make_consultation(index_page, "Chatbot for tax questions", system=system)

    response = client.get("/consultations/", {"q": "facial"})

    assert titles(response) == ["Facial recognition at stations"]


def test_list_search_combines_with_status(client, index_page, system, make_consultation):
    make_consultation(index_page, "Facial recognition at stations", system=system)
    make_consultation(
        index_page, "Facial recognition at airports", system=system, opens_in=timedelta(days=5)
    )

    response = client.get("/consultations/", {"q": "facial", "status": "upcoming"})

    assert titles(response) == ["Facial recognition at airports"]


def test_list_paginates_and_keeps_the_filters(client, index_page, system, make_consultation):
    for number in range(14):
        make_consultation(
            index_page,
            f"Consultation {number:02}",
            system=system,
            opens_in=timedelta(hours=-number),
        )

    first = client.get("/consultations/", {"status": "open"})
    second = client.get("/consultations/", {"status": "open", "page": "2"})

    assert len(first.context["consultations"]) == 12
    assert 'href="?status=open&amp;page=2"' in first.content.decode()
    assert titles(second) == ["Consultation 12", "Consultation 13"]


def test_list_runs_a_fixed_number_of_queries(client, index_page, system, make_consultation):
    def count_queries() -> int:
        # Warms the caches (content types, site root paths; the route, menus and language
        # links, which the second request after a publication remembers).
        client.get("/consultations/", {"status": "open"})
        client.get("/consultations/", {"status": "open"})
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/consultations/", {"status": "open"})
        assert response.status_code == 200
        return len(queries)

    for number in range(3):
        make_consultation(index_page, f"Early {number}", system=system)
    few = count_queries()
    for number in range(27):
        make_consultation(index_page, f"Later {number}", system=system)
    many = count_queries()

    assert many == few
    assert many <= 20  # routing, the header and footer, the count and one page of results


def test_consultation_page_shows_everything_a_participant_needs(
    client, index_page, system, make_consultation
):
    page = make_consultation(
        index_page,
        "Fraud risk scoring consultation",
        system=system,
        questions=[
            (
                "long_text",
                {"prompt": "What would this change for you?", "help_text": "", "required": True},
            ),
            (
                "single_choice",
                {
                    "prompt": "Should it go ahead?",
                    "help_text": "",
                    "required": False,
                    "choices": ["Yes", "No"],
                },
            ),
            (
                "scale",
                {
                    "prompt": "How worried are you?",
                    "help_text": "",
                    "required": False,
                    "low_label": "Not at all",
                    "high_label": "Very",
                },
            ),
        ],
    )

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Fraud risk scoring consultation" in html
    assert page.summary in html
    assert 'class="badge badge--open"' in html
    assert "You can take part until" in html
    # The AI system card, through the include the register reuses.
    assert "AI system: Benefit fraud risk scoring" in html
    assert system.plain_language_explainer in html
    assert "Level I: little to no impact" in html
    assert f'href="/ai-systems/{system.slug}/"' in html
    # The questions, each anchored on its stable block id.
    for question in page.questions:
        assert f'id="question-{question.id}"' in html
    assert "How worried are you?" in html
    assert "5 means “Very”" in html


def test_upcoming_consultation_says_when_discussion_opens(
    client, index_page, system, make_consultation
):
    page = make_consultation(index_page, "Later", system=system, opens_in=timedelta(days=3))

    html = client.get(page.url).content.decode()

    assert "Discussion opens on" in html
    assert 'class="badge badge--upcoming"' in html


def test_closed_consultation_says_so(client, index_page, system, make_consultation):
    page = make_consultation(index_page, "Over", system=system, opens_in=timedelta(days=-40))

    html = client.get(page.url).content.decode()

    assert "This consultation closed on" in html
    assert "You can take part until" not in html


def test_unknown_consultation_is_a_real_404(client, index_page):
    response = client.get("/consultations/no-such-consultation/")

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


def test_draft_consultation_is_not_public(client, index_page, system, make_consultation):
    make_consultation(index_page, "Not yet", system=system, live=False)

    assert client.get("/consultations/not-yet/").status_code == 404


def test_french_list_lists_the_french_tree(
    client, index_page, french_index, system, make_consultation
):
    english = make_consultation(index_page, "Facial recognition", system=system)
    french_page = english.copy_for_translation(french_index.locale)
    french_page.title = "Reconnaissance faciale"
    french_page.save_revision().publish()
    make_consultation(index_page, "English only", system=system)

    response = client.get("/fr/consultations/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "<h1>Consultations publiques</h1>" in html
    assert titles(response) == ["Reconnaissance faciale"]
    assert 'href="/fr/consultations/facial-recognition/"' in html
    assert client.get("/fr/consultations/facial-recognition/").status_code == 200


def test_french_consultation_shows_the_french_card(
    client, index_page, french_index, system, make_consultation
):
    card = system.copy_for_translation(french_index.locale)
    card.name = "Notation du risque de fraude"
    card.save()
    card.save_revision().publish()
    english = make_consultation(index_page, "Fraud scoring", system=system)
    english.copy_for_translation(french_index.locale).save_revision().publish()

    html = client.get("/fr/consultations/fraud-scoring/").content.decode()

    assert "Notation du risque de fraude</h2>" in html
    assert 'href="/fr/ai-systems/benefit-fraud-risk-scoring/"' in html


def test_the_page_and_its_card_give_the_deadline_with_its_time_zone_and_days_left(
    client, index_page, system, make_consultation
):
    page = make_consultation(index_page, "Soon over", system=system, lasts=timedelta(days=4))
    closes = timezone.localtime(page.closes_at)
    zone = closes.strftime("%Z")  # CET or CEST, as the date falls
    days = (closes.date() - timezone.localdate()).days

    html = client.get(page.url).content.decode()
    listing = client.get(index_page.url).content.decode()

    stated = f'<time datetime="{closes.isoformat()}">'
    assert f"(Paris time, {zone})</time>" in html
    assert f"{days} days left" in html
    assert stated in html and stated in listing  # the card and the page agree
    assert f"{days} days left" in listing
    # The stages, the current one marked; the glance box links to each part.
    assert '<li aria-current="step">Open</li>' in html
    assert 'href="#take-part"' in html and 'id="take-part"' in html
    assert 'href="#glossary"' in html and "Human in the loop" in html


def test_the_page_reads_its_documents_once_with_their_files(
    client, index_page, system, make_consultation
):
    def document(title: str) -> ConsultationDocument:
        file = ContentFile(b"%PDF-1.4 " + title.encode(), name=f"{title}.pdf")
        return ConsultationDocument(document=Document.objects.create(title=title, file=file))

    titles = ("Impact", "Contract", "Audit")
    page = make_consultation(
        index_page, system=system, documents=[document(title) for title in titles]
    )

    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)

    html = response.content.decode()
    assert html.count('href="#documents"') == 1  # at a glance
    assert all(f"{title}</a>" in html for title in titles)  # the documents section
    # The two share one read, which brings the files along.
    reads = [
        query["sql"]
        for query in queries.captured_queries
        if "consultationdocument" in query["sql"] or "wagtaildocs_document" in query["sql"]
    ]
    assert len(reads) == 1, reads
