"""The My data page and the download of everything, built in the background."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.privacy.models import DataExport

pytestmark = pytest.mark.django_db


def request_export(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account_privacy_export"), follow=True)


def test_the_page_needs_signing_in(client):
    response = client.get(reverse("account_privacy"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_page_summarises_what_we_hold(client, alice, seeded):
    client.force_login(alice)
    response = client.get(reverse("account_privacy"))
    assert response.status_code == 200
    page = response.content.decode()
    assert alice.email in page
    assert "Comments" in page and "Questionnaire responses" in page
    assert "Mona Moderator" in page and "Threat report" in page
    assert "Agreed on" in page


def test_the_profile_page_links_to_it(client, alice):
    client.force_login(alice)
    response = client.get(reverse("account_profile"))
    assert reverse("account_privacy") in response.content.decode()


def test_a_requested_export_is_built_and_downloaded_by_its_owner_only(
    client, alice, bob, seeded, private_storage, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    request_export(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=alice)
    assert export.state == "ready"
    assert export.expires_at > timezone.now() + timedelta(days=6)
    # Stored privately, away from anything the web server or MEDIA_URL serves.
    path = private_storage / export.file_name
    assert path.exists()
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    url = reverse("account_privacy_export_download", args=[export.pk])
    assert url in client.get(reverse("account_privacy")).content.decode()

    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "attachment" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    document = json.loads(archive.read("data.json"))
    assert document["records"]["accounts.User"][0]["email"] == alice.email

    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_exports_cannot_be_requested_over_and_over(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    request_export(client, django_capture_on_commit_callbacks)
    response = request_export(client, django_capture_on_commit_callbacks)
    assert "a moment ago" in response.content.decode()
    assert DataExport.objects.filter(user=alice).count() == 1


def test_an_export_expires_and_its_file_is_deleted(
    client, alice, private_storage, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    request_export(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=alice)
    url = reverse("account_privacy_export_download", args=[export.pk])
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert client.get(url).status_code == 404
    call_command("purge_deleted_accounts", stdout=io.StringIO())
    export.refresh_from_db()
    assert export.state == "expired"
    assert not (private_storage / "exports").exists() or not any(
        (private_storage / "exports").iterdir()
    )


def test_asking_for_an_export_says_reload_only_while_it_is_not_ready(client, alice):
    client.force_login(alice)

    # The test database's transaction holds the build back, as a task queue would.
    page = client.post(reverse("account_privacy_export"), follow=True).content.decode()

    assert "Reload this page in a moment" in page
    assert "Your data is ready" not in page


@pytest.mark.django_db(transaction=True)
def test_an_export_built_at_once_is_announced_ready_beside_its_link(client, alice, private_storage):
    client.force_login(alice)

    page = client.post(reverse("account_privacy_export"), follow=True).content.decode()

    export = DataExport.objects.get(user=alice)
    assert export.state == "ready"
    assert "Your data is ready: download it below." in page
    assert "Reload this page" not in page
    assert reverse("account_privacy_export_download", args=[export.pk]) in page
