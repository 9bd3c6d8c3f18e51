"""The consultation's editor warns before its questions are changed once people answered."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.urls import reverse

from consult.questionnaires.services import response_save_draft, response_submit
from tests.questionnaires.conftest import make_user
from tests.questionnaires.test_questionnaires_responses import complete_answers

pytestmark = pytest.mark.django_db

WARNING = "have already answered the questions"


@pytest.fixture
def erin(db):
    user = make_user("erin@example.org")
    user.groups.add(Group.objects.get(name="Editors"))
    TOTP.activate(user, generate_totp_secret())
    return user


def test_the_editor_warns_once_answers_are_submitted(client, erin, alice, consultation, ids):
    client.force_login(erin)
    edit = reverse("wagtailadmin_pages:edit", args=[consultation.pk])
    response_save_draft(user=make_user("dora@example.org"), consultation=consultation, answers={})
    assert "already answered" not in client.get(edit).content.decode()  # a draft is not an answer

    response_submit(user=alice, consultation=consultation, answers=complete_answers(ids))
    steve = make_user("steve2@example.org")
    response_submit(user=steve, consultation=consultation, answers=complete_answers(ids))

    html = client.get(edit).content.decode()
    assert f"2 participants {WARNING}" in html
    assert "add a new question rather than reword one" in html
