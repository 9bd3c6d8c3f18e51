"""Scores for machine-suggested themes against a coding of the same comments (theme_eval.py).

Labels are sets of theme codes per comment: the coding gives each comment none, one or two
themes; a suggestion gives each comment the themes its cluster stands for by the coding of
its other members (predict, cluster_themes), and nothing to a comment left out of every
cluster. The scores:

- micro F1 over every (comment, theme) decision, and macro F1, the mean of each theme's F1
  over the themes coded or predicted at least once (an undefined F1, 0/0, is left out);
- a bootstrap 95% interval for both, resampling comments with replacement (percentiles);
- the adjusted Rand index between two single-label partitions (Hubert and Arabie, 1985);
- recall of chosen themes, pooled and per theme.
"""

from collections import Counter
from collections.abc import Hashable, Sequence
from math import comb

import numpy as np

Labels = Sequence[frozenset[str]]


def cluster_themes(members: Labels) -> frozenset[str]:
    """The themes a cluster stands for, from the coding of its members.

    Every theme that at least half of its members carry; if none does, the most frequent
    theme, unless members coded with no theme are at least as many (then nothing). Ties go
    to the theme code first in alphabetical order, so the mapping is deterministic.
    """
    counts = Counter(theme for labels in members for theme in labels)
    return _stands_for(counts, len(members), sum(1 for labels in members if not labels))


def _stands_for(counts: Counter, members: int, uncoded: int) -> frozenset[str]:
    if not counts:
        return frozenset()
    half = [theme for theme, count in counts.items() if 2 * count >= members]
    if half:
        return frozenset(half)
    theme, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return frozenset() if uncoded >= count else frozenset({theme})


def predict(gold: Labels, clusters: Sequence[Hashable | None]) -> list[frozenset[str]]:
    """Each comment's predicted themes: those its cluster stands for by the coding of its
    other members (cluster_themes without the comment itself); none for an outlier
    (cluster None) or a comment alone in its cluster.

    Leaving the comment out keeps its own coding from being its prediction: otherwise a
    cluster per comment would score perfectly.
    """
    totals: dict[Hashable, Counter] = {}
    sizes: Counter = Counter()
    uncoded: Counter = Counter()
    for labels, cluster in zip(gold, clusters, strict=True):
        totals.setdefault(cluster, Counter()).update(labels)
        sizes[cluster] += 1
        uncoded[cluster] += not labels
    return [
        frozenset()
        if cluster is None
        else _stands_for(
            totals[cluster] - Counter(labels), sizes[cluster] - 1, uncoded[cluster] - (not labels)
        )
        for labels, cluster in zip(gold, clusters, strict=True)
    ]


def decisions(gold: Labels, predicted: Labels, themes: Sequence[str]) -> np.ndarray:
    """True positives, false positives and false negatives per comment and theme: an
    array of shape (comments, themes, 3) of zeros and ones."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted label the same comments")
    table = np.zeros((len(gold), len(themes), 3), dtype=np.int64)
    for row, (coded, suggested) in enumerate(zip(gold, predicted, strict=True)):
        for column, theme in enumerate(themes):
            table[row, column] = (
                theme in coded and theme in suggested,
                theme in suggested and theme not in coded,
                theme in coded and theme not in suggested,
            )
    return table


def _f1(counts: np.ndarray) -> np.ndarray:
    """F1 from the last axis (tp, fp, fn); NaN where nothing was coded nor predicted."""
    tp, fp, fn = (counts[..., k].astype(float) for k in range(3))
    denominator = 2 * tp + fp + fn
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, 2 * tp / denominator, np.nan)


def _micro(totals: np.ndarray) -> np.ndarray:
    """Micro F1 from per-theme totals of shape (..., themes, 3)."""
    return _f1(totals.sum(axis=-2))


def _macro(totals: np.ndarray) -> np.ndarray:
    per_theme = _f1(totals)
    defined = ~np.isnan(per_theme)
    sums = np.where(defined, per_theme, 0).sum(axis=-1)
    counts = defined.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def _number(value) -> float | None:
    """A JSON-ready score: None where it is undefined."""
    return None if np.isnan(value) else float(value)


def micro_f1(table: np.ndarray) -> float | None:
    return _number(_micro(table.sum(axis=0)))


def macro_f1(table: np.ndarray) -> float | None:
    return _number(_macro(table.sum(axis=0)))


def bootstrap_f1(
    table: np.ndarray, *, resamples: int, seed: int
) -> dict[str, tuple[float, float] | None]:
    """95% percentile intervals of micro and macro F1 over `resamples` resamplings of the
    comments (the rows of `table`), with replacement."""
    comments = table.shape[0]
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, comments, size=(resamples, comments))
    # How many times each comment is drawn in each resampling, so the totals are one
    # matrix product rather than a loop over resamplings.
    weights = np.zeros((resamples, comments), dtype=np.int64)
    np.add.at(weights, (np.arange(resamples)[:, None], draws), 1)
    totals = np.einsum("rc,ctk->rtk", weights, table)
    return {
        name: _interval(scores)
        for name, scores in (("micro", _micro(totals)), ("macro", _macro(totals)))
    }


def _interval(scores: np.ndarray) -> tuple[float, float] | None:
    scores = scores[~np.isnan(scores)]
    if not scores.size:
        return None
    low, high = np.percentile(scores, [2.5, 97.5])
    return float(low), float(high)


def recall(table: np.ndarray, columns: Sequence[int]) -> float | None:
    """Pooled recall of the themes in `columns`: found / coded. None if none is coded."""
    tp = int(table[:, columns, 0].sum())
    fn = int(table[:, columns, 2].sum())
    return tp / (tp + fn) if tp + fn else None


def adjusted_rand_index(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """Agreement of two partitions of the same items, corrected for chance: 1 for the same
    partition, about 0 for independent ones, negative for worse than chance."""
    if len(first) != len(second):
        raise ValueError("both partitions cover the same items")
    pairs = comb(len(first), 2)
    together = sum(comb(n, 2) for n in Counter(zip(first, second, strict=True)).values())
    first_pairs = sum(comb(n, 2) for n in Counter(first).values())
    second_pairs = sum(comb(n, 2) for n in Counter(second).values())
    expected = first_pairs * second_pairs / pairs if pairs else 0.0
    best = (first_pairs + second_pairs) / 2
    if best == expected:
        # Both partitions are all one group, or all singletons: they agree.
        return 1.0
    return (together - expected) / (best - expected)
