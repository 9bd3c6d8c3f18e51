"""The add form's autosave saves a draft: the form starts with dates, which the database
needs, so the editor's first words are kept instead of "Autosave is paused"."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from consult.consultations.models import ConsultationPage

pytestmark = pytest.mark.django_db


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("consultations", "consultationpage", parent.pk))


def test_the_add_form_starts_with_dates_and_autosaves_a_draft(client, erin, index_page):
    client.force_login(erin)
    form = client.get(add_url(index_page)).context["form"]
    opens_at, closes_at = form["opens_at"].value(), form["closes_at"].value()
    assert opens_at and closes_at and opens_at < closes_at

    # What the autosave posts after the editor typed a title, nothing else yet.
    data = nested_form_data(
        {
            "title": "Cameras on buses",
            "slug": "cameras-on-buses",  # filled from the title by the admin's script
            "summary": "",
            "ai_system": "",
            "opens_at": form["opens_at"].value().strftime("%Y-%m-%d %H:%M"),
            "closes_at": form["closes_at"].value().strftime("%Y-%m-%d %H:%M"),
            "moderation_mode": "post",
            "body": streamfield([]),
            "documents": inline_formset([]),
            "questions": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    response = client.post(add_url(index_page), data, HTTP_ACCEPT="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["success"]
    page = ConsultationPage.objects.get()
    assert page.title == "Cameras on buses"
    assert not page.live
