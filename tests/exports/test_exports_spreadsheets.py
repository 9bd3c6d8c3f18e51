"""The XLSX export, built in the background: its page says it is being prepared, then offers
the download to the editor who asked (and tells them by notification); asking again meanwhile
finds the same one; the file is private and deleted by the retention run once it expires."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.privacy.policy import NO_AI_TRAINING_STATEMENT
from consult.exports.models import SpreadsheetExport
from consult.exports.services import BUILD_TIMEOUT
from consult.exports.tasks import spreadsheet_export_build
from consult.notifications.models import Notification
from tests.exports.conftest import add_comment, download_url, prepare_spreadsheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(consultation, alice):
    for n in range(3):
        add_comment(consultation, alice, f"Comment {n}")
    add_comment(consultation, alice, "=1+1")


def _workbook(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_a_spreadsheet_is_prepared_then_downloaded(
    client,
    erin,
    consultation,
    comments,
    private_storage,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(erin)
    request_url = reverse("exports_spreadsheet_request", args=[consultation.pk])
    # The export buttons lead here (the old .xlsx address too): a page with a form.
    old = client.get(reverse("exports_contributions", args=[consultation.pk, "xlsx"]))
    assert old.status_code == 302 and old.url == request_url
    assert 'method="post"' in client.get(request_url).content.decode()

    response = prepare_spreadsheet(client, consultation, build=False)
    assert response.status_code == 302
    page = client.get(response.url)
    html = page.content.decode()
    assert "being prepared" in html
    assert '<meta http-equiv="refresh"' in html  # reloads itself without JavaScript
    assert f'href="{response.url}"' in html  # and a plain link to do it by hand
    assert client.get(download_url(response.url)).status_code == 404
    assert not Notification.objects.filter(user=erin).exists()

    # The background build, as the worker runs it.
    export = SpreadsheetExport.objects.get(requested_by=erin)
    with django_capture_on_commit_callbacks(execute=True):  # the notice's email
        spreadsheet_export_build.call(export_id=export.pk)

    html = client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh"' not in html
    assert download_url(response.url) in html
    download = client.get(download_url(response.url))
    assert "attachment" in download["Content-Disposition"]
    assert download["Content-Disposition"].endswith('.xlsx"')
    assert "no-store" in download["Cache-Control"]
    workbook = _workbook(download)
    rows = list(workbook["contributions"].iter_rows(values_only=True))
    header = rows[0]
    texts = [row[header.index("text")] for row in rows[1:]]
    assert texts == ["Comment 0", "Comment 1", "Comment 2", "'=1+1"]
    about = dict(workbook["about"].iter_rows(values_only=True))
    assert about["ai_training"] == str(NO_AI_TRAINING_STATEMENT)

    # Stored privately, away from anything MEDIA_URL serves.
    export.refresh_from_db()
    path = private_storage / export.file_name
    assert path.exists() and export.size == path.stat().st_size
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    expected_expiry = timedelta(hours=settings.CONSULT_XLSX_EXPORT_HOURS)
    assert export.expires_at - export.ready_at == expected_expiry

    notice = Notification.objects.get(user=erin)
    assert notice.kind == "export_ready" and notice.url == response.url
    assert consultation.title in notice.subject
    assert [mail.to for mail in mailoutbox] == [[erin.email]]
    assert response.url in mailoutbox[0].body


def test_asking_again_while_it_is_prepared_finds_the_same_one(client, erin, consultation):
    client.force_login(erin)
    first = prepare_spreadsheet(client, consultation, build=False)
    second = prepare_spreadsheet(client, consultation, build=False)
    assert first.url == second.url
    assert SpreadsheetExport.objects.filter(requested_by=erin).count() == 1

    # Once it is ready, asking again prepares a fresh one (the contributions move on).
    spreadsheet_export_build.call(export_id=SpreadsheetExport.objects.get().pk)
    again = prepare_spreadsheet(client, consultation)
    assert again.url != first.url
    assert SpreadsheetExport.objects.filter(requested_by=erin, state="ready").count() == 2


def test_the_build_is_queued_once_however_often_it_is_asked_for(
    client, erin, consultation, django_capture_on_commit_callbacks
):
    client.force_login(erin)
    url = reverse("exports_spreadsheet_request", args=[consultation.pk])
    with django_capture_on_commit_callbacks() as queued:
        client.post(url)
        client.post(url)
    assert len(queued) == 1


def test_a_build_lost_long_ago_is_replaced(client, erin, consultation):
    client.force_login(erin)
    lost = prepare_spreadsheet(client, consultation, build=False)
    SpreadsheetExport.objects.update(requested_at=timezone.now() - BUILD_TIMEOUT)
    fresh = prepare_spreadsheet(client, consultation)
    assert fresh.url != lost.url
    assert "could not be prepared" in client.get(lost.url).content.decode()
    assert client.get(download_url(fresh.url)).status_code == 200


def test_only_the_editor_who_asked_may_see_or_download_it(
    client, erin, ed, eddie, mona, alice, consultation, comments
):
    client.force_login(erin)
    page_url = prepare_spreadsheet(client, consultation).url
    request_url = reverse("exports_spreadsheet_request", args=[consultation.pk])
    urls = (page_url, download_url(page_url))

    client.logout()
    for url in (*urls, request_url):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url
    assert client.post(request_url).status_code == 302

    client.force_login(eddie)  # an editor without two-factor authentication
    for url in (*urls, request_url):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("mfa_index")

    mona.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for user in (alice, mona):
        client.force_login(user)
        for url in (*urls, request_url):
            response = client.get(url)
            assert response.status_code in (302, 403)
            assert not response.streaming and b"Comment 0" not in response.content
        client.post(request_url)

    client.force_login(ed)  # another editor: erin's spreadsheet is not his
    for url in urls:
        assert client.get(url).status_code == 404
    assert SpreadsheetExport.objects.count() == 1


def test_an_expired_spreadsheet_is_refused_then_deleted_by_retention(
    client, erin, consultation, comments, private_storage
):
    client.force_login(erin)
    page_url = prepare_spreadsheet(client, consultation).url
    export = SpreadsheetExport.objects.get()
    path = private_storage / export.file_name
    assert path.exists()

    SpreadsheetExport.objects.update(expires_at=timezone.now())
    assert client.get(download_url(page_url)).status_code == 404
    assert "expired" in client.get(page_url).content.decode()

    call_command("apply_retention", stdout=io.StringIO())
    export.refresh_from_db()
    assert export.state == "expired" and export.file_name == ""
    assert not path.exists()
    assert client.get(download_url(page_url)).status_code == 404


def test_retention_keeps_spreadsheets_until_they_expire(
    client, erin, consultation, private_storage
):
    client.force_login(erin)
    prepare_spreadsheet(client, consultation)
    call_command("apply_retention", stdout=io.StringIO())
    export = SpreadsheetExport.objects.get()
    assert export.state == "ready"
    assert (private_storage / export.file_name).exists()


def test_the_editors_account_going_leaves_the_file_to_expire(
    client, erin, consultation, private_storage
):
    client.force_login(erin)
    prepare_spreadsheet(client, consultation)
    erin.delete()
    export = SpreadsheetExport.objects.get()
    assert export.requested_by is None
    SpreadsheetExport.objects.update(expires_at=timezone.now())
    call_command("apply_retention", stdout=io.StringIO())
    assert not any((private_storage / "spreadsheets").iterdir())


def test_two_builds_for_one_editor_cannot_be_pending_at_once(erin, ed, consultation):
    """What makes concurrent requests find the same one: the second insert fails and
    get_or_create reads the first."""
    SpreadsheetExport.objects.create(consultation=consultation, requested_by=erin)
    SpreadsheetExport.objects.create(consultation=consultation, requested_by=ed)
    with pytest.raises(IntegrityError), transaction.atomic():
        SpreadsheetExport.objects.create(consultation=consultation, requested_by=erin)
    SpreadsheetExport.objects.create(consultation=consultation, requested_by=erin, state="ready")


def test_deleting_the_consultation_deletes_its_spreadsheets_at_the_next_retention_run(
    client, erin, consultation, comments, private_storage
):
    client.force_login(erin)
    page_url = prepare_spreadsheet(client, consultation).url
    export = SpreadsheetExport.objects.get()
    path = private_storage / export.file_name
    consultation.delete()
    assert client.get(page_url).status_code == 404
    assert client.get(download_url(page_url)).status_code == 404

    call_command("apply_retention", stdout=io.StringIO())
    export.refresh_from_db()
    assert export.state == "expired" and not path.exists()
