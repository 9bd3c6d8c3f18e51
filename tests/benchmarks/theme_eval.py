"""How well machine-suggested themes match a coding of the same comments.

`evaluate(suggest)` runs any callable with the signature of
consult.outcomes.suggestions.suggest_themes (texts, *, languages=None) -> a result with
`clusters` (each a list of indices into texts, or carrying them as `members`) and `outliers`
(indices), as attributes or keys, over the coded set in data/coded_comments.jsonl (see
data/PROVENANCE.md and data/codebook.md), and scores it with theme_metrics:

- Matching. A cluster stands for the themes at least half of its members are coded with,
  else for its most frequent theme (theme_metrics.cluster_themes). A comment's predicted
  themes are those its cluster stands for by the coding of its *other* members; an
  outlier, or a comment alone in its cluster, predicts none (theme_metrics.predict).
  Leaving the comment out stops a cluster per comment from scoring perfectly. Several
  clusters may stand for the same theme (a theme split in two is a merge for the staff,
  not an error of grouping; `clusters` shows how many there are, and ARI penalises
  splitting). The mapping reads the coding, so it scores the grouping as if a person
  named each cluster well: the naming step, which people do anyway, is not measured.
- `f1`, `f1_ci95`: micro F1 over (comment, theme) decisions and its bootstrap 95% interval
  (comments resampled, the matching held fixed); `macro_f1`, `macro_f1_ci95` likewise.
- `ari`: adjusted Rand index of the partitions, each comment taken with its first coded
  theme (or "none") against its cluster (outliers together as one group, as uncoded
  comments are one class).
- `small_theme_recall`: pooled recall of the themes coded on under 5% of the comments,
  and `small_themes`, each one's recall.
- `by_language`, `by_stakeholder_group`: the same scores on each subset, the suggestion
  run once over all comments.

`python -m tests.benchmarks.theme_eval [coded.jsonl]` prints {"theme_suggestions": {...}}
for consult.outcomes.suggestions.suggest_themes on its last line, over the coded set or
another one in the same format.
"""

import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import django
import numpy as np

from tests.benchmarks import theme_metrics

DATA = Path(__file__).resolve().parent / "data" / "coded_comments.jsonl"
SMALL_SHARE = 0.05
OUTLIERS = "not grouped"


def load(path: Path = DATA) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _field(item, name: str):
    # The entry point's result may be a dataclass or a mapping; both carry the same names.
    return item[name] if isinstance(item, dict) else getattr(item, name)


def _members(cluster) -> list[int]:
    """A cluster is its member indices, or carries them as `members`."""
    if isinstance(cluster, dict) or hasattr(cluster, "members"):
        return _field(cluster, "members")
    return cluster


def partition(result, comments: int) -> list[int | None]:
    """Each comment's cluster number, None for an outlier; refuses a result that loses a
    comment or puts one in two places, since outliers must stay visible."""
    where: list[int | None] = [None] * comments
    placed = [False] * comments
    groups = [_members(cluster) for cluster in _field(result, "clusters")]
    for number, members in enumerate([*groups, _field(result, "outliers")]):
        for index in members:
            if not 0 <= index < comments or placed[index]:
                raise ValueError(f"comment {index} is out of range or placed twice")
            placed[index] = True
            where[index] = number if number < len(groups) else None
    if not all(placed):
        raise ValueError(f"{placed.count(False)} comments are neither grouped nor outliers")
    return where


def _scores(
    table: np.ndarray,
    first_themes: Sequence[str],
    clusters: Sequence[int | None],
    small: Sequence[int],
    *,
    bootstrap: int,
    seed: int,
) -> dict:
    intervals = theme_metrics.bootstrap_f1(table, resamples=bootstrap, seed=seed)
    found = [OUTLIERS if cluster is None else cluster for cluster in clusters]
    return {
        "comments": int(table.shape[0]),
        "f1": theme_metrics.micro_f1(table),
        "f1_ci95": intervals["micro"],
        "macro_f1": theme_metrics.macro_f1(table),
        "macro_f1_ci95": intervals["macro"],
        "ari": theme_metrics.adjusted_rand_index(first_themes, found),
        "small_theme_recall": theme_metrics.recall(table, small),
    }


def evaluate(
    suggest: Callable, rows: list[dict] | None = None, *, bootstrap: int = 1000, seed: int = 0
) -> dict:
    rows = load() if rows is None else rows
    texts = [row["text"] for row in rows]
    gold = [frozenset(row["themes"]) for row in rows]
    result = suggest(texts, languages=[row["language"] for row in rows])
    clusters = partition(result, len(rows))
    predicted = theme_metrics.predict(gold, clusters)

    themes = sorted(set().union(*gold, *predicted))
    table = theme_metrics.decisions(gold, predicted, themes)
    coded_share = table[:, :, [0, 2]].sum(axis=(0, 2)) / len(rows)
    small = [column for column, share in enumerate(coded_share) if 0 < share < SMALL_SHARE]
    first_themes = [row["themes"][0] if row["themes"] else "none" for row in rows]

    def scores(indices: Sequence[int]) -> dict:
        return _scores(
            table[list(indices)],
            [first_themes[i] for i in indices],
            [clusters[i] for i in indices],
            small,
            bootstrap=bootstrap,
            seed=seed,
        )

    def by(field: str) -> dict:
        values = sorted({row[field] for row in rows})
        return {
            value: scores([i for i, row in enumerate(rows) if row[field] == value])
            for value in values
        }

    return {
        **scores(range(len(rows))),
        "clusters": len(set(clusters) - {None}),
        "outliers": clusters.count(None),
        "small_themes": {themes[column]: theme_metrics.recall(table, [column]) for column in small},
        "by_language": by("language"),
        "by_stakeholder_group": by("stakeholder_group"),
    }


def main() -> None:
    # The entry point may read settings (where its model lives), so Django comes first.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from consult.outcomes.suggestions import suggest_themes

    rows = load(Path(sys.argv[1])) if sys.argv[1:] else None
    json.dump({"theme_suggestions": evaluate(suggest_themes, rows)}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
