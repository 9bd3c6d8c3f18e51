"""The export covers every model that points at a user, or says why not."""

import io
import json
import zipfile

import pytest
from allauth.mfa.models import Authenticator

from accounts.privacy.export import csv_name, export_records, write_export_zip
from accounts.privacy.registry import EXCLUDED, EXPORTED, relation_name, user_relations


def test_every_relation_to_the_user_is_exported_or_excluded_with_a_reason():
    found = {relation_name(field) for field in user_relations()}
    undecided = found - set(EXPORTED) - set(EXCLUDED)
    assert not undecided, (
        f"Models point at the user but the export neither covers nor excludes them: "
        f"{sorted(undecided)}. Add each to EXPORTED or EXCLUDED in accounts/privacy/registry.py."
    )
    assert not set(EXPORTED) & set(EXCLUDED)
    assert all(str(reason).strip() for reason in EXCLUDED.values())


def test_the_registry_names_no_relation_that_does_not_exist():
    found = {relation_name(field) for field in user_relations()}
    assert (set(EXPORTED) | set(EXCLUDED)) - found == set()


# Kinds the seeded participant has rows of; the export must carry each of them.
SEEDED_KINDS = {
    "accounts.Profile.user",
    "accounts.ConsentRecord.user",
    "accounts.IdentityAccess.subject",
    "account.EmailAddress.user",
    "mfa.Authenticator.user",
    "discussion.Participation.user",
    "discussion.Comment.author",
    "discussion.Position.user",
    "discussion.Reaction.user",
    "questionnaires.Response.user",
}


@pytest.mark.django_db
def test_the_export_holds_every_kind_of_record_the_participant_has(alice, seeded):
    records = export_records(alice)
    with_rows = {relation for relation, rows in records.items() if rows}
    assert SEEDED_KINDS | {"accounts.User"} <= with_rows
    assert len(records["discussion.Comment.author"]) == 3
    assert records["accounts.User"][0]["email"] == alice.email
    assert records["questionnaires.Response.user"][0]["answers"]["q4"] == (
        "It would follow me home."
    )


@pytest.mark.django_db
def test_the_export_keeps_secrets_and_other_people_out(alice, mona, seeded):
    secret = Authenticator.objects.get(user=alice, type="totp").data["secret"]
    target = io.BytesIO()
    write_export_zip(alice, target)
    archive = zipfile.ZipFile(target)
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert secret.encode() not in everything
    assert alice.password.encode() not in everything
    assert b"mona@example.org" not in everything
    document = json.loads(archive.read("data.json"))
    (access,) = document["records"]["accounts.IdentityAccess.subject"]
    assert "accessor_id" not in access
    assert access["accessor_name"] == "Mona Moderator"
    assert access["reason"] == "Threat report"
    (authenticator,) = document["records"]["mfa.Authenticator.user"]
    assert set(authenticator) >= {"type", "created_at"} and "data" not in authenticator
    assert "never" in document["use_of_contributions"]
    for relation in document["records"]:
        assert f"csv/{csv_name(relation)}" in archive.namelist()
    comments_csv = archive.read("csv/discussion_comment_author.csv").decode()
    assert "Who audits it?" in comments_csv
