"""Staff ask for suggestions and decide each through the page; nothing reaches the summary
without a person accepting it, and the summary labels what a machine drafted."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from consult.outcomes.models import SuggestionState, Theme, ThemeSuggestion
from tests.outcomes.conftest import add_summary
from tests.suggestions.bilingual import OFF_TOPIC, TOPICS
from tests.suggestions.conftest import post


@pytest.fixture
def discussed(consultation, alice, mallory, committed):
    authors = [alice, mallory]
    rows = [row for rows in TOPICS.values() for row in rows] + [OFF_TOPIC]
    with committed():
        for k, (language, text) in enumerate(rows):
            post(consultation, authors[k % 2], text, language=language)
    return consultation


@pytest.fixture
def client(client, committed):
    """Each request's after-commit work (the suggestions' task) runs before it returns."""

    class Committing:
        def __getattr__(self, name):
            return getattr(client, name)

        def post(self, *args, **kwargs):
            with committed():
                return client.post(*args, **kwargs)

    return Committing()


def suggestions_url(consultation) -> str:
    return reverse("outcomes:theme_suggestions", args=[consultation.pk])


def ask(client, consultation):
    return client.post(suggestions_url(consultation), {"action": "suggest"})


def open_suggestions(consultation):
    return list(
        ThemeSuggestion.objects.filter(run__consultation=consultation, state="open").order_by("pk")
    )


@pytest.mark.parametrize("who", ["anonymous", "participant", "moderator"])
def test_only_editors_with_mfa_ask_and_decide(client, who, discussed, alice, moderator):
    if who != "anonymous":
        client.force_login(alice if who == "participant" else moderator)
    assert ask(client, discussed).status_code in {302, 403}
    assert not ThemeSuggestion.objects.exists()
    assert client.get(suggestions_url(discussed)).status_code in {302, 403}


def test_an_editor_sees_labelled_suggestions_and_the_outlier(
    client, edith, discussed, django_assert_max_num_queries
):
    client.force_login(edith)
    response = ask(client, discussed)
    assert response.status_code == 302
    # However many suggestions and comments: the run, its suggestions, their comments' groups,
    # the comments shown, besides the session, the read gate and the permission checks.
    with django_assert_max_num_queries(25):
        page = client.get(suggestions_url(discussed)).content.decode()
    assert page.count("Machine suggestion<") == 3
    assert "Not grouped" in page and "apple pie" in page
    assert "Most central comments" in page


def test_accept_rename_merge_split_reject(client, edith, discussed):
    client.force_login(edith)
    ask(client, discussed)
    first, second, third = open_suggestions(discussed)
    url = suggestions_url(discussed)

    client.post(url, {"action": "rename", "suggestion": first.pk, "name": "Human review"})
    first.refresh_from_db()
    assert first.name == "Human review"

    client.post(url, {"action": "merge", "suggestion": second.pk, "other": third.pk})
    second.refresh_from_db()
    third.refresh_from_db()
    assert third.state == SuggestionState.MERGED
    assert set(third.comment_ids) <= set(second.comment_ids)

    client.post(url, {"action": "split", "suggestion": second.pk})
    second.refresh_from_db()
    assert second.state == SuggestionState.SPLIT
    halves = [s for s in open_suggestions(discussed) if s.pk not in {first.pk}]
    assert len(halves) == 2
    assert sorted(halves[0].comment_ids + halves[1].comment_ids) == sorted(second.comment_ids)

    client.post(url, {"action": "reject", "suggestion": halves[1].pk})
    halves[1].refresh_from_db()
    assert halves[1].state == SuggestionState.REJECTED

    response = client.post(url, {"action": "accept", "suggestion": first.pk, "name": ""})
    assert response.status_code == 302
    theme = Theme.objects.get(consultation=discussed)
    assert theme.name == "Human review"
    assert theme.machine_suggested and theme.accepted_by == edith
    assert set(theme.comments.values_list("pk", flat=True)) == set(first.comment_ids)
    assert ModelLogEntry.objects.filter(
        action="outcomes.theme.accepted_from_suggestion", user=edith
    ).exists()
    # A decided suggestion cannot be decided again.
    client.post(url, {"action": "reject", "suggestion": first.pk})
    first.refresh_from_db()
    assert first.state == SuggestionState.ACCEPTED


def test_unaccepted_suggestions_never_reach_the_summary_and_accepted_ones_are_labelled(
    client, edith, discussed, committed
):
    client.force_login(edith)
    ask(client, discussed)
    accepted, unaccepted, _third = open_suggestions(discussed)
    client.post(
        suggestions_url(discussed),
        {"action": "accept", "suggestion": accepted.pk, "name": "Accepted from a machine"},
    )
    client.post(
        suggestions_url(discussed),
        {"action": "rename", "suggestion": unaccepted.pk, "name": "Never accepted"},
    )
    hand = Theme.objects.create(consultation=discussed, name="Tagged by hand")
    hand.comments.add(*discussed.comments.all()[:2])
    machine = Theme.objects.get(name="Accepted from a machine")
    with committed():
        add_summary(discussed, [(machine, "<p>Yes.</p>"), (hand, "<p>Noted.</p>")])
    client.logout()
    response = client.get(f"{discussed.url}summary/")
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    page = response.content.decode()
    assert "Accepted from a machine" in page and "Tagged by hand" in page
    assert "Never accepted" not in page
    assert page.count("Machine-drafted, approved by a person") == 1
