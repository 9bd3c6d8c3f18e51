"""Personas and factories for the questionnaire tests.

alice   a participant with a verified email address (affected person)
ursula  signed up but has not verified her email address
steve   staff, with a verified email address
"""

import pytest
from allauth.account.models import EmailAddress
from wagtail.models import Locale

from accounts.models import User
from accounts.services import profile_create
from consult.consultations.models import AISystem, ConsultationPage
from tests import factories
from tests.factories import make_ai_system

PASSWORD = "correct horse battery staple"

QUESTIONS = [
    {
        "type": "scale",
        "value": {
            "prompt": "How acceptable is this to you?",
            "help_text": "",
            "required": True,
            "low_label": "Not at all",
            "high_label": "Fully",
        },
    },
    {
        "type": "single_choice",
        "value": {
            "prompt": "Should it go ahead?",
            "help_text": "",
            "required": True,
            "choices": ["Yes", "No", "Not sure"],
        },
    },
    {
        "type": "multiple_choice",
        "value": {
            "prompt": "Which safeguards matter?",
            "help_text": "",
            "required": False,
            "choices": ["Audits", "Deletion", "Notice"],
        },
    },
    {
        "type": "long_text",
        "value": {
            "prompt": "How would it affect you?",
            "help_text": "In your own words.",
            "required": False,
        },
    },
]


def make_user(email: str, *, verified: bool = True, group: str = "other", **extra) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    profile_create(user=user, display_name=email.split("@")[0].title(), stakeholder_group=group)
    return user


@pytest.fixture
def alice(db) -> User:
    return make_user("alice@example.org", group="affected")


@pytest.fixture
def ursula(db) -> User:
    return make_user("ursula@example.org", verified=False)


@pytest.fixture
def steve(db) -> User:
    return make_user("steve@example.org", is_staff=True)


@pytest.fixture
def system(db) -> AISystem:
    return make_ai_system("Station face matching")


@pytest.fixture
def make_consultation(index_page, system):
    def make(*, title: str = "Face recognition in stations", questions=None, **kwargs):
        return factories.make_consultation(
            index_page,
            title,
            system=system,
            questions=QUESTIONS if questions is None else questions,
            **kwargs,
        )

    return make


@pytest.fixture
def consultation(make_consultation) -> ConsultationPage:
    return make_consultation()


def question_ids(page: ConsultationPage) -> dict[str, str]:
    """The block id of each question, by kind (each kind appears once in QUESTIONS)."""
    return {child.block_type: child.id for child in page.questions}


@pytest.fixture
def ids(consultation) -> dict[str, str]:
    return question_ids(consultation)


FRENCH_WORDING = {
    "scale": {"prompt": "Est-ce acceptable pour vous ?", "low_label": "Pas du tout"},
    "single_choice": {"prompt": "Faut-il le faire ?", "choices": ["Oui", "Non", "Je ne sais pas"]},
    "multiple_choice": {
        "prompt": "Quelles garanties comptent ?",
        "choices": ["Audits", "Suppression", "Information"],
    },
    "long_text": {"prompt": "Comment cela vous toucherait-il ?"},
}


@pytest.fixture
def french_consultation(home, index_page, consultation) -> ConsultationPage:
    """The French translation, copied in Wagtail (block ids kept) and worded in French."""
    french = Locale.objects.create(language_code="fr")
    home.copy_for_translation(french).save_revision().publish()
    index_page.copy_for_translation(french).save_revision().publish()
    page = consultation.copy_for_translation(french)
    data = page.questions.get_prep_value()
    for block in data:
        block["value"].update(FRENCH_WORDING[block["type"]])
    page.questions = data
    page.title = "Reconnaissance faciale en station"
    page.save_revision().publish()
    page.refresh_from_db()
    return page
