"""The open data at /api/v1/: anonymous, consent-filtered, versioned, paginated, limited."""

import json

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from accounts.privacy.policy import NO_AI_TRAINING_STATEMENT
from consult.discussion.models import CommentState, Position
from consult.outcomes.models import CommentTheme, SummaryPage, Theme, ThemeResponse
from tests.opendata.conftest import ADDRESS, ZED_SECRETS, add_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributions(consultation, zed, ona, cal):
    root = add_comment(
        consultation,
        zed,
        "Named and open.",
        author_display_mode="named",
        author_organisation="Quasar Collective",
    )
    add_comment(consultation, zed, "A pseudonymous reply.", parent=root, thread=root, depth=1)
    add_comment(consultation, zed, "Held for review.", state=CommentState.HELD)
    add_comment(consultation, zed, "Hidden by a moderator.", state=CommentState.HIDDEN)
    add_comment(consultation, zed, "Taken back.", state=CommentState.REMOVED_BY_AUTHOR)
    add_comment(consultation, ona, "Ona opted out.")
    add_comment(consultation, cal, "Cal kept this one private.", research_use=False)
    add_comment(consultation, cal, "Cal shares this one.")
    for user, stance in ((zed, "oppose"), (ona, "support")):
        Position.objects.create(
            consultation=consultation,
            user=user,
            stance=stance,
            reason=f"Because {stance}.",
            author_stakeholder_group="civil_society",
        )
    return root


def texts(response) -> list[str]:
    return [row["text"] for row in response.json()["results"]]


def test_only_visible_contributions_of_consenting_people(api, consultation, contributions):
    response = api(f"/consultations/{consultation.pk}/comments")
    assert texts(response) == ["Named and open.", "A pseudonymous reply.", "Cal shares this one."]
    positions = api(f"/consultations/{consultation.pk}/positions").json()["results"]
    assert [row["stance"] for row in positions] == ["oppose"]


def test_a_participant_has_one_pseudonym_per_consultation(
    api, index_page, consultation, contributions, zed
):
    from tests import factories

    rows = api(f"/consultations/{consultation.pk}/comments").json()["results"]
    assert rows[0]["participant"] == rows[1]["participant"] != rows[2]["participant"]
    other = factories.make_consultation(index_page, "Other", system=consultation.ai_system)
    add_comment(other, zed, "Elsewhere.")
    elsewhere = api(f"/consultations/{other.pk}/comments").json()["results"]
    assert elsewhere[0]["participant"] != rows[0]["participant"]


def test_no_response_leaks_an_identity(api, client, consultation, contributions):
    theme = Theme.objects.create(consultation=consultation, name="Oversight")
    CommentTheme.objects.create(theme=theme, comment=contributions)
    paths = [
        "/consultations",
        f"/consultations/{consultation.pk}",
        f"/consultations/{consultation.pk}/comments",
        f"/consultations/{consultation.pk}/positions",
        f"/consultations/{consultation.pk}/responses",
        "/ai-systems",
        "/licence",
        "/openapi.json",
    ]
    for path in paths:
        body = api(path).content.decode()
        for secret in (*ZED_SECRETS, ADDRESS):
            assert secret not in body, (path, secret)


def test_consent_withdrawn_applies_at_once(api, client, consultation, contributions, zed):
    assert "Named and open." in texts(api(f"/consultations/{consultation.pk}/comments"))

    client.force_login(zed)
    client.post("/accounts/privacy/consent/", {})  # the box unticked: consent withdrawn
    client.logout()

    assert texts(api(f"/consultations/{consultation.pk}/comments")) == ["Cal shares this one."]
    assert api(f"/consultations/{consultation.pk}/positions").json()["results"] == []


def test_every_list_carries_the_licence(api, consultation, contributions):
    for path in ("/consultations", f"/consultations/{consultation.pk}/comments", "/ai-systems"):
        assert api(path).json()["licence"]["no_ai_training"] == str(NO_AI_TRAINING_STATEMENT)


def test_a_page_past_what_the_database_can_offset_is_refused(api, client, consultation):
    from consult.opendata.api import MAX_PAGE

    assert api("/consultations", page=MAX_PAGE).json()["results"] == []
    for path in ("/consultations", "/ai-systems", f"/consultations/{consultation.pk}/comments"):
        response = client.get(f"/api/v1{path}", {"page": 2**63 - 1}, REMOTE_ADDR=ADDRESS)
        assert response.status_code == 422
        assert "less than or equal to" in response.json()["detail"][0]["msg"]


def test_pages(api, consultation, contributions):
    first = api(f"/consultations/{consultation.pk}/comments", page_size=2).json()
    assert first["count"] == 3 and len(first["results"]) == 2
    assert first["previous"] is None and "page=2" in first["next"]
    second = api(f"/consultations/{consultation.pk}/comments", page=2, page_size=2).json()
    assert [row["text"] for row in second["results"]] == ["Cal shares this one."]
    assert second["next"] is None


def test_queries_do_not_grow_with_the_data(api, consultation, contributions, zed):
    path = f"/consultations/{consultation.pk}/comments"

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            api(path)
        # The rate limit's counter lives in the cache (the database's, here), which now and
        # then culls expired keys (in savepoints): only the reads of data count.
        return sum(
            query["sql"].startswith("SELECT") and "consult_cache" not in query["sql"]
            for query in context.captured_queries
        )

    few = queries()
    for n in range(30):
        add_comment(consultation, zed, f"More {n}.")
    assert queries() == few == 4


def test_the_schema_is_served(api):
    schema = api("/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert "/api/v1/consultations/{consultation_id}/comments" in schema["paths"]


def test_unknown_or_unpublished_consultations_are_not_found(client, consultation):
    consultation.unpublish()
    assert client.get(f"/api/v1/consultations/{consultation.pk}/comments").status_code == 404
    assert client.get("/api/v1/consultations/999999").status_code == 404


def test_anonymous_reads_set_no_cookie(api, consultation, contributions):
    assert not api(f"/consultations/{consultation.pk}/comments").cookies


@override_settings(CONSULT_RATE_LIMITS={"api": "3/m"})
def test_clients_are_rate_limited(client, consultation):
    for _ in range(3):
        assert client.get("/api/v1/consultations", REMOTE_ADDR=ADDRESS).status_code == 200
    assert client.get("/api/v1/consultations", REMOTE_ADDR=ADDRESS).status_code == 429
    # Another client is counted apart.
    assert client.get("/api/v1/consultations", REMOTE_ADDR="198.51.100.1").status_code == 200


def test_the_summary_links_only_open_contributions(api, consultation, contributions, ona):
    theme = Theme.objects.create(consultation=consultation, name="Oversight")
    private = consultation.comments.get(author=ona)
    for comment in (contributions, private):
        CommentTheme.objects.create(theme=theme, comment=comment)
    summary = SummaryPage(
        title="What we heard", what_we_heard="<p>Many asked for oversight.</p>", decision="pause"
    )
    consultation.add_child(instance=summary)
    ThemeResponse.objects.create(page=summary, theme=theme, response="<p>We add a review.</p>")

    data = api(f"/consultations/{consultation.pk}/summary").json()
    assert data["decision"] == "pause"
    assert data["themes"] == [
        {
            "theme": "Oversight",
            "response": "<p>We add a review.</p>",
            "comment_ids": [contributions.pk],
        }
    ]
    assert json.dumps(data).count("Xylophone") == 0


def test_responses_of_consenting_people_with_their_questions(api, consultation, zed, ona):
    from django.utils import timezone

    from consult.questionnaires.models import Response, ResponseState

    for user in (zed, ona):
        Response.objects.create(
            consultation=consultation,
            user=user,
            answers={"q": f"Answer of {user.pk}"},
            state=ResponseState.SUBMITTED,
            submitted_at=timezone.now(),
            stakeholder_group="civil_society",
        )
    data = api(f"/consultations/{consultation.pk}/responses").json()
    assert [row["answers"] for row in data["results"]] == [{"q": f"Answer of {zed.pk}"}]
    assert data["questions"] == []  # this consultation asks none


def test_urls_are_on_the_host_the_request_came_to(client, consultation):
    # The Site row of the first migration says http://localhost/; this site is reached at
    # 127.0.0.1:8001 (PORT=8001 make run).
    response = client.get("/api/v1/consultations", REMOTE_ADDR=ADDRESS, HTTP_HOST="127.0.0.1:8001")

    (row,) = json.loads(response.content)["results"]
    assert row["url"] == f"http://127.0.0.1:8001{consultation.url}"
    detail = json.loads(
        client.get(
            f"/api/v1/consultations/{consultation.pk}",
            REMOTE_ADDR=ADDRESS,
            HTTP_HOST="127.0.0.1:8001",
        ).content
    )
    assert detail["url"] == row["url"]
    systems = json.loads(
        client.get("/api/v1/ai-systems", REMOTE_ADDR=ADDRESS, HTTP_HOST="127.0.0.1:8001").content
    )
    assert systems["results"]
    assert all(s["url"].startswith("http://127.0.0.1:8001/") for s in systems["results"])
