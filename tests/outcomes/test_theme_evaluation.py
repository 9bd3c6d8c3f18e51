"""The theme-suggestion evaluation (tests/benchmarks/theme_eval.py, theme_metrics.py) and
its coded set: scores worked out by hand, the perfect and the worst suggestion, and a crude
keyword baseline that lands in between."""

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from accounts.models import StakeholderGroup
from tests.benchmarks import theme_eval
from tests.benchmarks.theme_metrics import (
    adjusted_rand_index,
    bootstrap_f1,
    cluster_themes,
    decisions,
    macro_f1,
    micro_f1,
    predict,
    recall,
)

CODEBOOK = Path(theme_eval.DATA).with_name("codebook.md")


@dataclass
class Cluster:
    members: list[int]
    keyphrases: list[str] = field(default_factory=list)


@dataclass
class Suggestions:
    clusters: list[Cluster]
    outliers: list[int]


def grouped(keys: list) -> Suggestions:
    """Clusters of the comments with the same key; comments keyed None are outliers."""
    groups: dict = {}
    for index, key in enumerate(keys):
        groups.setdefault(key, []).append(index)
    outliers = groups.pop(None, [])
    return Suggestions([Cluster(members) for members in groups.values()], outliers)


@pytest.fixture(scope="module")
def rows():
    return theme_eval.load()


def test_ari_matches_hand_counted_partitions():
    # Pairs together in both: 1; expected 2*1/6; best (2+1)/2: (1 - 1/3) / (3/2 - 1/3) = 4/7.
    assert adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(4 / 7)
    # Together in both 2, first 6, second 3, pairs 15: (2 - 1.2) / (4.5 - 1.2).
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(0.8 / 3.3)
    assert adjusted_rand_index(["a", "a", "b"], [7, 7, 3]) == 1.0
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    assert adjusted_rand_index([0, 0, 1, 1], [5, 5, 5, 5]) == 0.0


def test_f1_matches_hand_counted_decisions():
    gold = [frozenset("a"), frozenset("ab"), frozenset(), frozenset("c")]
    predicted = [frozenset("a"), frozenset("b"), frozenset("c"), frozenset()]
    table = decisions(gold, predicted, ["a", "b", "c"])
    # tp 2 (a, b), fp 1 (c on the third), fn 2 (a on the second, c on the fourth).
    assert micro_f1(table) == pytest.approx(4 / 7)
    # a: 2/3, b: 1, c: 0.
    assert macro_f1(table) == pytest.approx(5 / 9)
    assert recall(table, [2]) == 0.0
    assert recall(table, [0, 1]) == pytest.approx(2 / 3)
    assert micro_f1(decisions(gold, gold, ["a", "b", "c"])) == 1.0
    assert micro_f1(decisions([frozenset()], [frozenset()], ["a"])) is None


def test_bootstrap_interval_is_reproducible_and_brackets_the_estimate():
    gold = [frozenset("a"), frozenset("ab"), frozenset(), frozenset("c")] * 10
    predicted = [frozenset("a"), frozenset("b"), frozenset("c"), frozenset()] * 10
    table = decisions(gold, predicted, ["a", "b", "c"])
    first = bootstrap_f1(table, resamples=500, seed=3)
    assert first == bootstrap_f1(table, resamples=500, seed=3)
    low, high = first["micro"]
    assert 0 < low < 4 / 7 < high < 1
    perfect = bootstrap_f1(decisions(gold, gold, ["a", "b", "c"]), resamples=100, seed=0)
    assert perfect == {"micro": (1.0, 1.0), "macro": (1.0, 1.0)}


def test_a_cluster_stands_for_its_members_themes():
    assert cluster_themes([frozenset("a"), frozenset("ab"), frozenset("a")]) == {"a"}
    assert cluster_themes([frozenset("ab"), frozenset("ab"), frozenset("c")]) == {"a", "b"}
    # No theme on half the members: the most frequent, ties to the first code.
    assert cluster_themes([frozenset("b"), frozenset("a"), frozenset("c"), frozenset("a")]) == {"a"}
    assert cluster_themes([frozenset("b"), frozenset("a"), frozenset("c")]) == {"a"}
    # Uncoded members as many as the most frequent theme: the cluster stands for nothing.
    assert cluster_themes([frozenset("b"), frozenset(), frozenset("c")]) == set()
    assert cluster_themes([frozenset(), frozenset()]) == set()


def test_a_comment_is_predicted_from_the_others_in_its_cluster():
    gold = [frozenset("a"), frozenset("b"), frozenset("c"), frozenset("c"), frozenset("a")]
    predicted = predict(gold, ["x", "x", "alone", None, "y"])
    assert predicted == [{"b"}, {"a"}, set(), set(), set()]


def test_evaluate_scores_a_hand_worked_suggestion():
    coded = [
        ("en", "affected", ["privacy"]),
        ("en", "affected", ["privacy"]),
        ("fr", "academic", ["privacy", "function_creep"]),
        ("fr", "academic", ["bias"]),
        ("en", "academic", ["bias"]),
        ("fr", "affected", []),
        ("fr", "affected", ["bias"]),
        ("en", "other", ["privacy"]),
    ]
    rows = [
        {"id": str(n), "language": language, "stakeholder_group": group, "text": f"c{n}"}
        | {"themes": themes}
        for n, (language, group, themes) in enumerate(coded)
    ]

    def suggest(texts, *, languages=None):
        assert texts == [f"c{n}" for n in range(8)]
        assert languages == ["en", "en", "fr", "fr", "en", "fr", "fr", "en"]
        return Suggestions([Cluster([0, 1, 2, 7]), Cluster([3, 5, 6])], outliers=[4])

    scores = theme_eval.evaluate(suggest, rows, bootstrap=200)
    # The first cluster gives privacy to all four (function_creep is on one of three
    # others at most); the second gives bias to all three (on one of two others at least).
    # tp 6, fp 1 (bias on 5), fn 2 (function_creep on 2, bias on the outlier 4).
    assert scores["f1"] == pytest.approx(12 / 15)
    # privacy 1, function_creep 0, bias 4/6.
    assert scores["macro_f1"] == pytest.approx(5 / 9)
    # Together in both 6 + 1, coded 6 + 3, found 6 + 3, pairs 28.
    assert scores["ari"] == pytest.approx((7 - 81 / 28) / (9 - 81 / 28))
    assert (scores["clusters"], scores["outliers"]) == (2, 1)
    # No theme is coded on under 5% of eight comments.
    assert scores["small_theme_recall"] is None
    assert scores["by_language"]["en"]["f1"] == pytest.approx(6 / 7)
    assert scores["by_language"]["fr"]["f1"] == pytest.approx(6 / 8)
    assert scores["by_stakeholder_group"]["affected"]["comments"] == 4


@pytest.mark.parametrize(
    "result",
    [
        Suggestions([Cluster([0, 1])], outliers=[]),
        Suggestions([Cluster([0, 1, 2])], outliers=[2]),
        Suggestions([Cluster([0, 1, 2, 3])], outliers=[]),
        {"clusters": [[0, 1]], "outliers": [1, 2]},
    ],
    ids=["loses-a-comment", "places-one-twice", "out-of-range", "plain-lists"],
)
def test_a_result_that_loses_or_repeats_comments_is_refused(result):
    with pytest.raises(ValueError):
        theme_eval.partition(result, 3)


@pytest.mark.parametrize(
    "result",
    [
        Suggestions([Cluster([0, 2]), Cluster([3])], outliers=[1]),
        {"clusters": [[0, 2], [3]], "outliers": [1]},
        {"clusters": [{"members": [0, 2]}, {"members": [3]}], "outliers": [1]},
    ],
    ids=["dataclasses", "plain-lists", "mappings"],
)
def test_a_result_may_be_shaped_in_several_ways(result):
    assert theme_eval.partition(result, 4) == [0, None, 0, 1]


def test_the_coded_set_meets_the_brief(rows):
    codes = set(re.findall(r"^\| `([a-z_]+)` \|", CODEBOOK.read_text(), re.MULTILINE))
    assert len(rows) >= 400
    assert len({row["id"] for row in rows}) == len(rows)
    languages = Counter(row["language"] for row in rows)
    assert set(languages) == {"en", "fr"}
    assert min(languages.values()) >= 0.4 * len(rows)
    assert {row["stakeholder_group"] for row in rows} <= set(StakeholderGroup.values)
    coded = Counter(theme for row in rows for theme in row["themes"])
    assert set(coded) == codes
    assert len(codes) >= 10
    assert all(len(set(row["themes"])) == len(row["themes"]) <= 2 for row in rows)
    assert sum(len(row["themes"]) == 2 for row in rows) >= 30
    assert sum(not row["themes"] for row in rows) >= 15
    assert sum(count < 0.05 * len(rows) for count in coded.values()) >= 3


def test_repeated_texts_are_a_few_campaign_copies_coded_alike(rows):
    by_text: dict[str, list[dict]] = {}
    for row in rows:
        by_text.setdefault(" ".join(re.findall(r"\w+", row["text"].lower())), []).append(row)
    repeated = [copies for copies in by_text.values() if len(copies) > 1]
    assert sum(len(copies) for copies in repeated) <= 15
    for copies in repeated:
        assert len({tuple(copy["themes"]) for copy in copies}) == 1


def oracle(rows):
    """Clusters of the comments coded alike."""
    return lambda texts, languages=None: grouped([tuple(row["themes"]) or None for row in rows])


def test_the_perfect_suggestion_scores_one(rows):
    # Comments whose coding no other comment shares have nobody to be predicted from.
    shared = Counter(tuple(row["themes"]) for row in rows)
    rows = [row for row in rows if shared[tuple(row["themes"])] > 1]
    scores = theme_eval.evaluate(oracle(rows), rows, bootstrap=200)
    assert scores["f1"] == scores["macro_f1"] == scores["small_theme_recall"] == 1.0
    assert scores["f1_ci95"] == (1.0, 1.0)
    assert all(group["f1"] == 1.0 for group in scores["by_stakeholder_group"].values())
    # Comments with two themes sit in clusters of their own (privacy+function_creep apart
    # from privacy), while the single-label view puts them with their first theme.
    assert 0.7 < scores["ari"] < 1.0
    first_theme = theme_eval.evaluate(
        lambda texts, languages=None: grouped(
            [row["themes"][0] if row["themes"] else None for row in rows]
        ),
        rows,
        bootstrap=200,
    )
    assert first_theme["ari"] == 1.0
    assert first_theme["f1"] < 1.0


def test_the_oracle_misses_only_the_codings_nobody_shares(rows):
    shared = Counter(tuple(row["themes"]) for row in rows)
    coded = sum(len(row["themes"]) for row in rows)
    missed = sum(len(row["themes"]) for row in rows if shared[tuple(row["themes"])] == 1)
    scores = theme_eval.evaluate(oracle(rows), rows, bootstrap=200)
    assert missed > 0
    assert scores["f1"] == pytest.approx(2 * (coded - missed) / (2 * coded - missed))


def test_a_cluster_per_comment_scores_nothing(rows):
    scores = theme_eval.evaluate(
        lambda texts, languages=None: grouped(list(range(len(texts)))), rows, bootstrap=200
    )
    assert scores["f1"] == scores["ari"] == 0.0
    assert scores["clusters"] == len(rows)


def test_grouping_nothing_or_everything_scores_nothing(rows):
    nothing = theme_eval.evaluate(
        lambda texts, languages=None: Suggestions([], list(range(len(texts)))), rows, bootstrap=200
    )
    assert nothing["f1"] == nothing["small_theme_recall"] == nothing["ari"] == 0.0
    assert nothing["f1_ci95"] == (0.0, 0.0)
    everything = theme_eval.evaluate(
        lambda texts, languages=None: Suggestions([Cluster(list(range(len(texts))))], []),
        rows,
        bootstrap=200,
    )
    assert everything["ari"] == 0.0
    assert everything["f1"] < 0.3
    assert everything["small_theme_recall"] == 0.0


# A crude baseline: the first theme whose word stems a comment contains, in either language.
KEYWORDS = {
    "privacy": r"privacy|vie privée|surveill|visage|tracked|fiché",
    "bias": r"discrimin|bias|biais|racis|quartier|neighbourhood",
    "accuracy": r"false|faux|erreur|error|mistake|wrong",
    "redress": r"appeal|recours|contest|complain|plainte",
    "transparency": r"transparen|explain|expliqu|source code|code source",
    "cost": r"cost|coût|money|argent|budget|waste",
    "support": r"support|favour|favorable|pour ce|safer|sécurité",
}


def keyword_suggest(texts, languages=None):
    keys = []
    for text in texts:
        lowered = text.lower()
        keys.append(
            next((t for t, pattern in KEYWORDS.items() if re.search(pattern, lowered)), None)
        )
    return grouped(keys)


def test_a_keyword_baseline_lands_between_nothing_and_perfect(rows):
    scores = theme_eval.evaluate(keyword_suggest, rows, bootstrap=200)
    assert 0.1 < scores["f1"] < 0.8
    low, high = scores["f1_ci95"]
    assert low < scores["f1"] < high
    assert 0.0 < scores["ari"] < 0.8
    assert set(scores["by_language"]) == {"en", "fr"}
