"""Synthetic consultations for opinion groups.

`planted` builds three opinion groups of thirty participants over twenty comments:
  comments 0-4    common ground: every group agrees
  comments 5-9    group one agrees, the others disagree
  comments 10-14  group two agrees, the others disagree
  comments 15-19  group three agrees, the others disagree
with one reaction in ten flipped, one in twenty a pass and 15% left unanswered (seeded).

`clouds` draws overlapping clouds of opinion with numpy, as the analysis's own input.
"""

import itertools
import random
from dataclasses import dataclass

import numpy as np
import pytest
from allauth.account.models import EmailAddress

from accounts.models import Profile, User
from consult.discussion.models import Comment, Reaction
from consult.discussion.services import comment_counters_rebuild
from consult.opinions.analysis import Votes
from tests import factories

GROUP_SIZE = 30
# Pseudonyms are unique across every call in a test.
_PSEUDONYMS = itertools.count(90000)
BLOCK = 5


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    settings.CONSULT_RATE_LIMITS = {"reaction": "100000/m", "comment": "100000/m"}


@pytest.fixture
def consultation(index_page):
    system = factories.make_ai_system("Predictive policing map")
    return factories.make_consultation(index_page, "Predictive policing", system=system)


def make_people(n: int, *, prefix: str = "voter") -> list[User]:
    users = User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.org", password="!") for i in range(n)
    )
    Profile.objects.bulk_create(
        Profile(user=user, display_name=f"Voter {i}", pseudonym=f"Participant {next(_PSEUDONYMS)}")
        for i, user in enumerate(users)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    return users


def make_comments(consultation, author: User, texts: list[str], **fields) -> list[Comment]:
    return Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            author=author,
            author_display_mode="pseudonym",
            author_stakeholder_group="affected",
            body_source=text,
            body_html=f"<p>{text}</p>",
            **fields,
        )
        for text in texts
    )


@dataclass
class Planted:
    people: list[User]
    comments: list[Comment]

    def block(self, n: int) -> list[Comment]:
        return self.comments[n * BLOCK : (n + 1) * BLOCK]


def plant(consultation) -> Planted:
    rng = random.Random(7)
    people = make_people(3 * GROUP_SIZE)
    author = make_people(1, prefix="author")[0]
    texts = [f"Planted statement {block}-{i}" for block in range(4) for i in range(BLOCK)]
    comments = make_comments(consultation, author, texts)
    reactions = []
    for index, person in enumerate(people):
        group = index // GROUP_SIZE
        for position, comment in enumerate(comments):
            if rng.random() < 0.15:
                continue
            block = position // BLOCK
            agrees = block == 0 or block == group + 1
            chance = rng.random()
            if chance < 0.05:
                value = "pass"
            elif chance < 0.15:
                value = "disagree" if agrees else "agree"
            else:
                value = "agree" if agrees else "disagree"
            reactions.append(
                Reaction(comment=comment, user=person, consultation=consultation, value=value)
            )
    Reaction.objects.bulk_create(reactions)
    comment_counters_rebuild(consultation=consultation)
    return Planted(people=people, comments=comments)


@pytest.fixture
def planted(consultation) -> Planted:
    return plant(consultation)


def clouds(
    *,
    participants: int = 300,
    statements: int = 40,
    centres=((-2, 0), (2, 0), (0, 0.5), (0, -3)),
    spread: float = 2.0,
    seed: int = 19,
) -> Votes:
    """Overlapping clouds of opinion: each participant a point near one of the centres
    (the clouds overlap: their spread is about the distance between them), each statement
    a direction; a participant agrees with the logistic chance of their point along it,
    one vote in ten is a pass and 30% are never cast. Ids start at 1000 and 50."""
    rng = np.random.default_rng(seed)
    cloud = rng.integers(len(centres), size=participants)
    points = np.array(centres)[cloud] + spread * rng.standard_normal((participants, 2))
    directions = rng.standard_normal((statements, 2))
    bias = 0.3 * rng.standard_normal(statements)
    chance = 1 / (1 + np.exp(-(points @ directions.T + bias)))
    value = np.where(rng.random(chance.shape) < chance, 1, -1)
    value[rng.random(value.shape) < 0.1] = 0
    person, statement = np.nonzero(rng.random(value.shape) < 0.7)
    return Votes(person + 1000, statement + 50, value[person, statement].astype(np.int8))
