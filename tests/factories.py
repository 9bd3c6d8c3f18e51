"""Factories the test areas share: AI system cards, the consultation list and consultations.

Personas stay in each area's conftest.py, named for what the area needs; what a consultation
or a card looks like is the same everywhere, so it is built here once.
"""

import copy
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from consult.consultations import impact
from consult.consultations.models import AISystem, ConsultationIndexPage, ConsultationPage

# The lowest-scoring answer to every question: a complete, level I assessment.
LOW_ANSWERS = {
    question.field_name: min(question.choices, key=lambda choice: choice.points).value
    for question in impact.QUESTIONS
}


def home_page() -> Page:
    return Site.objects.get(is_default_site=True).root_page.specific


def make_index_page(home: Page | None = None) -> ConsultationIndexPage:
    page = ConsultationIndexPage(title="Consultations", slug="consultations")
    (home or home_page()).add_child(instance=page)
    return page


def make_ai_system(
    name: str = "Benefit fraud risk scoring",
    *,
    publish: bool = True,
    locale: Locale | None = None,
    **fields,
) -> AISystem:
    values = {
        "slug": slugify(name),
        "deploying_body": "Department for Work",
        "purpose": "Ranks benefit claims for a fraud check.",
        "plain_language_explainer": "A computer ranks claims; a person checks the top ones.",
        **LOW_ANSWERS,
        **fields,
    }
    system = AISystem(name=name, live=False, **values)
    if locale is not None:
        system.locale = locale
    system.full_clean()
    system.save()
    revision = system.save_revision()
    if publish:
        revision.publish()
    return system


def make_consultation(
    parent: Page,
    title: str = "Face recognition at stations",
    *,
    system: AISystem | None,
    opens_in: timedelta = timedelta(days=-1),
    lasts: timedelta = timedelta(days=30),
    live: bool = True,
    questions: list | None = None,
    **fields,
) -> ConsultationPage:
    """A consultation under `parent`; open by default (opened yesterday, for thirty days)."""
    opens_at = timezone.now() + opens_in
    page = ConsultationPage(
        title=title,
        slug=slugify(title),
        summary=f"What we plan to do: {title}.",
        opens_at=opens_at,
        closes_at=opens_at + lasts,
        ai_system=system,
        live=live,
        questions=copy.deepcopy(questions or []),
        **fields,
    )
    parent.add_child(instance=page)
    return page
