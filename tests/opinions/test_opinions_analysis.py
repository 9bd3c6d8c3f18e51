"""The opinion groups' pure function (consult.opinions.analysis.analyse), on vote matrices
drawn with numpy: no database."""

import numpy as np

from consult.opinions.analysis import AGREE, BELOW_BAR, DISAGREE, PASS, Votes, analyse
from tests.opinions.conftest import clouds

PERMUTATIONS = 20


def relabelled(votes: Votes, rng, *, participants: bool, statements: bool):
    """The same votes under new ids (a permutation of the old ones), in a new order; and the
    old id of each new participant id."""
    old_people = np.unique(votes.participant)
    new_people = rng.permutation(old_people) if participants else old_people
    person = new_people[np.searchsorted(old_people, votes.participant)]
    comment = votes.comment
    if statements:
        old_comments = np.unique(comment)
        comment = rng.permutation(old_comments)[np.searchsorted(old_comments, comment)]
    order = rng.permutation(len(person))
    back = dict(zip(new_people.tolist(), old_people.tolist(), strict=True))
    return Votes(person[order], comment[order], votes.value[order]), back


def partition(votes: Votes, back=None) -> frozenset:
    """The groups as a set of sets of (original) participant ids."""
    analysis = analyse(votes)
    ids = np.array(
        [back[p] for p in analysis.participants.tolist()] if back else analysis.participants
    )
    return frozenset(frozenset(ids[analysis.group == g].tolist()) for g in range(analysis.k))


def test_the_groups_do_not_depend_on_the_order_of_participants():
    votes = clouds()
    expected = partition(votes)
    rng = np.random.default_rng(1)
    for _ in range(PERMUTATIONS):
        assert partition(*relabelled(votes, rng, participants=True, statements=False)) == expected


def test_the_groups_do_not_depend_on_the_order_of_statements():
    votes = clouds()
    expected = partition(votes)
    rng = np.random.default_rng(2)
    for _ in range(PERMUTATIONS):
        assert partition(*relabelled(votes, rng, participants=False, statements=True)) == expected
        assert partition(*relabelled(votes, rng, participants=True, statements=True)) == expected


def test_a_larger_k_must_separate_better_by_the_margin():
    # Two overlapping clouds: three groups have a slightly higher silhouette, not by 0.02.
    analysis = analyse(clouds(centres=((-1.5, 0), (1.5, 0)), spread=1.6))
    assert analysis.silhouettes[3] > analysis.silhouettes[2]
    assert analysis.k == 2


class Matrix:
    """Votes written participant by participant."""

    def __init__(self):
        self.rows: list[tuple[int, int, int]] = []

    def vote(self, person: int, statement: int, value: int) -> None:
        self.rows.append((person, statement, value))

    def votes(self) -> Votes:
        person, statement, value = (np.array(column) for column in zip(*self.rows, strict=True))
        return Votes(person, statement, value.astype(np.int8))


def two_sides(matrix: Matrix, sizes=(30, 30), statements=20, seed=5) -> list[range]:
    """Two groups of people taking opposite sides on `statements` statements (ids 0 up),
    one vote in twenty the other way; the groups' participant ids."""
    rng = np.random.default_rng(seed)
    groups = [range(sizes[0]), range(sizes[0], sum(sizes))]
    for side, people in enumerate(groups):
        for person in people:
            for statement in range(statements):
                agrees = (statement % 2 == side) != (rng.random() < 0.05)
                matrix.vote(person, statement, AGREE if agrees else DISAGREE)
    return groups


def tallies(analysis, statement: int) -> list[list[int]]:
    c = int(np.searchsorted(analysis.comments, statement))
    return sorted(
        [int(analysis.agree[g, c]), int(analysis.disagree[g, c]), int(analysis.passed[g, c])]
        for g in range(analysis.k)
    )


def test_a_split_statement_with_many_passes_is_divisive():
    matrix = Matrix()
    first, second = two_sides(matrix)
    split = 100
    # 0 agree, 13 disagree, 9 pass in one group; 26, 0, 1 in the other.
    for index, person in enumerate(first[:22]):
        matrix.vote(person, split, DISAGREE if index < 13 else PASS)
    for index, person in enumerate(second[:27]):
        matrix.vote(person, split, AGREE if index < 26 else PASS)

    analysis = analyse(matrix.votes())

    assert analysis.k == 2
    assert tallies(analysis, split) == [[0, 13, 9], [26, 0, 1]]
    assert split in analysis.divisive


def test_seven_votes_do_not_outrank_two_hundred():
    matrix = Matrix()
    first, second = two_sides(matrix, sizes=(210, 210))
    few, many = 100, 101
    # Unanimous but from 7 people of the first group; 95% one way from 200 of each group.
    for person in first[:7]:
        matrix.vote(person, few, AGREE)
    for person in second[:200]:
        matrix.vote(person, few, DISAGREE)
    for side, people in enumerate((first, second)):
        for index, person in enumerate(people[:200]):
            matrix.vote(person, many, AGREE if (index < 190) != bool(side) else DISAGREE)

    analysis = analyse(matrix.votes())

    assert tallies(analysis, few) == [[0, 200, 0], [7, 0, 0]]
    assert tallies(analysis, many) == [[10, 190, 0], [190, 10, 0]]
    assert analysis.divisive.index(many) < analysis.divisive.index(few)


def test_a_participant_is_placed_from_seven_votes_or_every_statement():
    for statements, enough in ((10, 7), (5, 5)):
        matrix = Matrix()
        two_sides(matrix, sizes=(10, 10), statements=statements)
        placed, short = 1000, 1001
        for statement in range(enough):
            matrix.vote(placed, statement, AGREE)
        for statement in range(enough - 1):
            matrix.vote(short, statement, AGREE)

        analysis = analyse(matrix.votes())
        group = dict(zip(analysis.participants.tolist(), analysis.group.tolist(), strict=True))

        assert group[placed] >= 0, statements
        assert group[short] == -1, statements
        assert analysis.summary()["participants"] == 21


def test_without_common_ground_the_best_supported_are_kept_below_the_bar():
    matrix = Matrix()
    first, second = two_sides(matrix)
    # Half of each group agrees with 100: the best supported, and still no common ground.
    for people in (first, second):
        for index, person in enumerate(people):
            matrix.vote(person, 100, AGREE if index % 2 else DISAGREE)

    analysis = analyse(matrix.votes())

    assert analysis.common_ground == []
    assert analysis.below_bar[0] == 100
    assert len(analysis.below_bar) == BELOW_BAR
    consensus = analysis.consensus[np.searchsorted(analysis.comments, analysis.below_bar)]
    assert list(consensus) == sorted(consensus, reverse=True)


def test_people_who_voted_in_two_ways_only_make_two_groups(recwarn):
    # Eight people, two identical ballots: a third group could only split people who voted
    # alike (and once divided 0 by 0 for a group it emptied).
    matrix = Matrix()
    for person in range(8):
        side = person < 3
        for statement in range(8):
            matrix.vote(person, statement, AGREE if (statement % 2 == 0) == side else DISAGREE)
    analysis = analyse(matrix.votes())
    assert analysis.k == 2
    assert sorted(np.bincount(analysis.group).tolist()) == [3, 5]
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
