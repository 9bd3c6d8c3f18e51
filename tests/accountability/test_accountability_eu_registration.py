"""The deployer's EU database registration record (EU AI Act, Annex VIII, section C) at
/ai-systems/<slug>/eu-registration.json, checked against the schema kept in the repository,
whose required fields are the five items of section C."""

import copy

import jsonschema
import pytest

from consult.accountability.eu_registration import (
    eu_registration_missing,
    eu_registration_record,
    schema,
)
from tests.accountability.conftest import make_assessment

pytestmark = pytest.mark.django_db


def registration_url(system) -> str:
    return f"/ai-systems/{system.slug}/eu-registration.json"


def test_a_complete_record_validates(client, system, consultation):
    make_assessment(system, consultation)

    response = client.get(registration_url(system))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    record = response.json()
    jsonschema.validate(record, schema())
    assert record["deployer"]["name"] == "Transport authority"
    assert record["submitter"]["phone"] == "+33 4 00 00 00 00"
    assert record["provider_database_entry_url"] == "https://database.example.eu/entry/42"
    assert record["fundamental_rights_impact_assessment"]["url"].endswith(
        f"/ai-systems/{system.slug}/fria/"
    )
    assert record["data_protection_impact_assessment"]["summary"].startswith("High risk")
    assert record["missing"] == []
    assert eu_registration_missing(system) == []


@pytest.mark.parametrize(
    ("breakage", "path"),
    [
        (lambda r: r["deployer"].update(address=None), "deployer"),
        (lambda r: r["submitter"].update(email=None, phone=None), "submitter"),
        (lambda r: r.update(provider_database_entry_url="not a url"), "provider"),
        (lambda r: r["fundamental_rights_impact_assessment"].update(summary=""), "fundamental"),
        (lambda r: r["data_protection_impact_assessment"].update(summary=None), "data_protection"),
        (lambda r: r.pop("deployer"), "deployer"),
    ],
)
def test_a_broken_record_fails_the_schema(system, consultation, breakage, path):
    make_assessment(system, consultation)
    record = copy.deepcopy(eu_registration_record(system, base_url="https://consult.example"))
    jsonschema.validate(record, schema())

    breakage(record)

    with pytest.raises(jsonschema.ValidationError) as failure:
        jsonschema.validate(record, schema())
    assert path in "/".join(map(str, failure.value.absolute_path)) + failure.value.message


def test_a_record_without_a_dpia_needs_no_summary(system, consultation):
    make_assessment(system, consultation, dpia_applicable=False, dpia_summary="")

    jsonschema.validate(eu_registration_record(system), schema())


def test_what_is_missing_is_named_and_the_record_refused(client, system, consultation):
    make_assessment(system, consultation, deployer_address="", provider_registration_url="")

    record = client.get(registration_url(system)).json()

    assert record["deployer"]["address"] is None
    assert record["missing"] == ["deployer's address", "provider's EU database entry"]
    assert eu_registration_missing(system) == record["missing"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema())


def test_a_system_without_a_published_assessment_has_an_empty_record(client, system, consultation):
    make_assessment(system, consultation, publish=False)

    response = client.get(registration_url(system))

    assert response.status_code == 200
    assert response.json()["missing"] == ["a published fundamental rights impact assessment"]
    assert client.get("/ai-systems/no-such-system/eu-registration.json").status_code == 404
