"""Opinion groups: planted groups are recovered, with their common ground, and shown."""

import random
import re

import numpy as np
import pytest
from django.core.cache import cache
from django.urls import reverse

from consult.discussion.models import CommentState, Reaction
from consult.discussion.signals import reaction_recorded
from consult.opinions.models import OpinionGroups
from consult.opinions.tasks import opinion_groups_refresh
from tests import factories
from tests.opinions.conftest import GROUP_SIZE, clouds, make_comments, make_people

pytestmark = pytest.mark.django_db


def compute(consultation) -> dict:
    opinion_groups_refresh.enqueue(consultation.pk)
    return OpinionGroups.objects.get(consultation=consultation).result


def test_three_planted_groups_and_their_common_ground_are_found(planted, consultation):
    result = compute(consultation)

    assert result["k"] == 3
    assert result["participants"] == 3 * GROUP_SIZE
    for group in result["groups"]:
        assert abs(group["size"] - GROUP_SIZE) <= 2
    assert result["common_ground"]
    assert set(result["common_ground"]) == {c.pk for c in planted.block(0)}
    # Each group stands out for the block only it agrees with: the planted groups, found.
    blocks = []
    for group in result["groups"]:
        found = set(group["representative"])
        block = next(n for n in (1, 2, 3) if found <= {c.pk for c in planted.block(n)})
        assert len(found) == 3
        blocks.append(block)
    assert sorted(blocks) == [1, 2, 3]
    assert set(result["divisive"]) == {c.pk for n in (1, 2, 3) for c in planted.block(n)}


def test_the_same_reactions_give_the_same_groups(planted, consultation):
    assert compute(consultation) == compute(consultation)


def test_the_page_explains_the_method_and_lists_common_ground(planted, consultation, client):
    compute(consultation)
    response = client.get(reverse("opinion_groups", args=[consultation.pk]))
    html = response.content.decode()

    assert response.status_code == 200
    assert "principal component analysis" in html
    assert "Group C" in html and "Group D" not in html
    common = html.split('id="common-ground"')[1].split('id="divisive"')[0]
    assert sorted(re.findall(r"Planted statement (\d-\d)", common)) == [f"0-{i}" for i in range(5)]
    assert "Set-Cookie" not in response.headers


def test_the_page_is_bilingual(planted, consultation, client):
    compute(consultation)
    html = client.get(f"/fr/consultations/{consultation.pk}/opinion-groups/").content.decode()
    assert "Groupes d&#x27;opinion" in html or "Groupes d'opinion" in html
    assert "Groupe A" in html


def test_hidden_comments_and_those_kept_from_analysis_are_left_out(planted, consultation, client):
    hidden, private = planted.block(0)[:2]
    hidden.state = CommentState.HIDDEN
    hidden.save(update_fields=["state"])
    private.automated_analysis = False
    private.save(update_fields=["automated_analysis"])

    result = compute(consultation)
    html = client.get(reverse("opinion_groups", args=[consultation.pk])).content.decode()

    counted = {row["id"] for row in result["comment_stats"]}
    assert hidden.pk not in counted and private.pk not in counted
    assert "Planted statement 0-0" not in html and "Planted statement 0-1" not in html
    assert "Planted statement 0-2" in html


def test_a_comment_hidden_after_the_computation_leaves_the_page_at_once(
    planted, consultation, client
):
    compute(consultation)
    comment = planted.block(0)[0]
    comment.state = CommentState.HIDDEN
    comment.save(update_fields=["state"])

    html = client.get(reverse("opinion_groups", args=[consultation.pk])).content.decode()
    assert "Planted statement 0-0" not in html


def test_too_few_reactions_say_so(consultation, client):
    response = client.get(reverse("opinion_groups", args=[consultation.pk]))
    assert "not enough reactions yet" in response.content.decode()
    assert OpinionGroups.objects.get(consultation=consultation).result["k"] == 0


def test_enough_new_reactions_recompute_the_groups(
    consultation, client, django_capture_on_commit_callbacks
):
    client.get(reverse("opinion_groups", args=[consultation.pk]))  # the first computation
    author = make_people(1, prefix="writer")[0]
    comments = make_comments(consultation, author, ["One", "Two"])
    people = make_people(5)

    def react(person, comment):
        client.force_login(person)
        url = reverse("discussion_reaction", args=[comment.pk])
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, {"value": "agree"}).status_code == 302

    reactions = [(person, comment) for person in people for comment in comments]
    for person, comment in reactions[:9]:
        react(person, comment)
    assert OpinionGroups.objects.get(consultation=consultation).reaction_count == 0
    react(*reactions[9])
    assert OpinionGroups.objects.get(consultation=consultation).reaction_count == 10


def test_a_busy_consultation_sends_its_reactions_to_the_shared_count_together(consultation):
    # 200 new reactions due, as after a computation on 2,000: each process may hold back a
    # tenth of them, and sends what it held in one round trip to the cache.
    cache.set(f"opinions:{consultation.pk}:due", 200, timeout=None)

    def react(times: int) -> int | None:
        for _n in range(times):
            reaction_recorded.send(sender=Reaction, consultation_id=consultation.pk)
        return cache.get(f"opinions:{consultation.pk}:new")

    assert react(1) == 1  # the first learns how many are due
    assert react(19) == 1
    assert react(1) == 21
    assert react(179) == 181  # 200 in all, 19 held back
    assert not OpinionGroups.objects.filter(consultation=consultation).exists()
    react(1)  # what it sends makes the computation due
    assert OpinionGroups.objects.get(consultation=consultation).reaction_count == 0


def test_common_ground_first_sort(planted, consultation, client):
    compute(consultation)
    html = client.get(consultation.url, {"sort": "common_ground"}).content.decode()

    assert "Common ground first" in html
    order = re.findall(r"Planted statement (\d)-\d", html.split('id="comment-list"')[1])
    assert order[:5] == ["0"] * 5
    assert "0" not in order[5:]


def test_the_page_runs_a_fixed_number_of_queries(
    planted, consultation, client, django_assert_max_num_queries
):
    compute(consultation)
    url = reverse("opinion_groups", args=[consultation.pk])
    client.get(url)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_withdrawing_automated_analysis_recomputes_the_groups_without_those_comments(
    planted, consultation, client
):
    assert compute(consultation)["comment_stats"]
    client.force_login(planted.block(0)[0].author)

    client.post(reverse("account_privacy_consent_withdraw"), {"purpose": "automated_analysis"})

    # Every planted comment has the one author: nothing is left to analyse.
    assert OpinionGroups.objects.get(consultation=consultation).result["k"] == 0


def react(consultation, votes, people, comments) -> None:
    """Store `votes` (numpy, participant and statement ids counted from their smallest) as
    reactions of `people` to `comments`."""
    names = {1: "agree", -1: "disagree", 0: "pass"}
    first_person, first_comment = votes.participant.min(), votes.comment.min()
    Reaction.objects.bulk_create(
        Reaction(
            comment=comments[statement - first_comment],
            user=people[person - first_person],
            consultation=consultation,
            value=names[value],
        )
        for person, statement, value in zip(
            votes.participant.tolist(), votes.comment.tolist(), votes.value.tolist(), strict=True
        )
    )


def test_who_signed_up_first_does_not_change_the_groups(consultation, index_page):
    """The same reactions, given by people who registered in another order (the matrix's
    rows come in user id order), give the same groups."""
    votes = clouds()
    people = make_people(len(np.unique(votes.participant)))
    author = make_people(1, prefix="author")[0]
    shuffled = [people[i] for i in np.random.default_rng(3).permutation(len(people))]
    other = factories.make_consultation(
        index_page, "Predictive policing again", system=consultation.ai_system
    )
    results = []
    for page, reacting in ((consultation, people), (other, shuffled)):
        texts = [f"Statement {i}" for i in range(len(np.unique(votes.comment)))]
        comments = make_comments(page, author, texts)
        react(page, votes, reacting, comments)
        result = compute(page)
        # The comments differ by id only: name them by their place.
        place = {comment.pk: index for index, comment in enumerate(comments)}
        for row in result["comment_stats"]:
            row["id"] = place[row["id"]]
        for key in ("common_ground", "below_bar", "divisive"):
            result[key] = [place[pk] for pk in result[key]]
        for group in result["groups"]:
            group["representative"] = [place[pk] for pk in group["representative"]]
        results.append(result)

    assert results[0]["k"] >= 2
    assert results[0] == results[1]


def test_without_common_ground_the_best_supported_are_shown_below_the_bar(consultation, client):
    rng = random.Random(5)
    people = make_people(24)
    sides = [people[0::2], people[1::2]]
    author = make_people(1, prefix="author")[0]
    splits = make_comments(consultation, author, [f"Split statement {i}" for i in range(10)])
    # Half of each side agrees with each of these (a different half each time).
    halves = make_comments(consultation, author, [f"Half agree {i}" for i in range(5)])
    reactions = []
    for side, members in enumerate(sides):
        for number, comment in enumerate(splits):
            value = "agree" if number % 2 == side else "disagree"
            reactions += [
                Reaction(comment=comment, user=p, consultation=consultation, value=value)
                for p in members
            ]
        for comment in halves:
            agreeing = set(rng.sample(members, len(members) // 2))
            reactions += [
                Reaction(
                    comment=comment,
                    user=p,
                    consultation=consultation,
                    value="agree" if p in agreeing else "disagree",
                )
                for p in members
            ]
    Reaction.objects.bulk_create(reactions)

    result = compute(consultation)
    url = reverse("opinion_groups", args=[consultation.pk])
    html = client.get(url).content.decode()
    common = html.split('id="common-ground"')[1].split('id="divisive"')[0]
    french = client.get(f"/fr{url}").content.decode().split('id="common-ground"')[1]

    assert result["k"] == 2
    assert result["common_ground"] == []
    assert set(result["below_bar"]) == {comment.pk for comment in halves}
    assert "below the bar for common ground" in common
    assert common.count("Below the bar") == 5
    assert "Half agree" in common and "Split statement" not in common
    assert "Sous le seuil" in french.split('id="divisive"')[0]
