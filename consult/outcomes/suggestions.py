"""Machine theme suggestions: group comments that say the same thing, name each group with
keyphrases from its own comments, and leave what fits no group "not grouped".

`suggest_themes(texts)` is the stable entry point (the evaluation in tests/benchmarks and the
staff's "Suggest themes" both call it). It reads nothing from the database: pass the texts,
and the stored vectors when there are some, so nothing is embedded twice.

How: the e5 vectors (consult.outcomes.embeddings) are projected on their first principal
axes, where density is meaningful, and clustered by HDBSCAN (scikit-learn), which finds
groups of any number and size and leaves points in no dense region as outliers rather than
forcing them into the nearest group; a second pass lets a comment left out join a group it
is clearly close to, and no other. Each group's keyphrases are its most distinctive one-
and two-word terms against the other groups (class-based TF-IDF), per language, with English
and French stop words struck. Everything is deterministic: the same texts give the same
suggestions.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from consult.outcomes import stopwords

# Principal axes kept for clustering: enough for topics, few enough for density to mean
# something (HDBSCAN in 384 dimensions sees every point as far from every other).
AXES = 10
# Each axis is scaled to the same spread (whitened), but none magnified beyond this share
# of the first axis's spread: on a few comments the later axes are noise (see _principal).
SPREAD_FLOOR = 0.7
KEYPHRASES = 5
LANGUAGES = ("en", "fr")
# How far below its group a member must fall to be a stray (see _without_strays).
STRAY_SPREAD = 4
# When a comment left out is clearly close to a group (see _joined): its cosine to the
# group's centre at least that of the group's JOIN_QUANTILE member, less JOIN_MARGIN.
JOIN_QUANTILE = 0.1
JOIN_MARGIN = 0.03

APOSTROPHES = "'\u2019"
_WORD = re.compile(rf"[^\W\d_]+(?:[-{APOSTROPHES}][^\W\d_]+)*")
# French elision: "l'algorithme" is "algorithme".
_ELISION = re.compile(rf"^(?:[cldjmnst]|qu|jusqu|lorsqu|puisqu)[{APOSTROPHES}]")
# "children's" is "children".
_POSSESSIVE = re.compile(rf"[{APOSTROPHES}]s$")


@dataclass(frozen=True)
class SuggestedTheme:
    """`members`: indices into the texts, the most central first. `keyphrases`: in the
    group's main `language`; `keyphrases_by_language` has them for each language present."""

    members: list[int]
    keyphrases: list[str]
    language: str
    keyphrases_by_language: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestions:
    themes: list[SuggestedTheme]
    outliers: list[int]

    @property
    def clusters(self) -> list[list[int]]:
        """Member indices of each group (what an evaluation compares with a coding)."""
        return [theme.members for theme in self.themes]


def suggest_themes(
    texts: list[str],
    *,
    languages: list[str] | None = None,
    vectors: np.ndarray | None = None,
    min_cluster_size: int | None = None,
) -> Suggestions:
    """Suggest themes for `texts`. `languages`: each text's language code (guessed from its
    words where missing); `vectors`: their embeddings, computed here when not given;
    `min_cluster_size`: the smallest group worth suggesting (1% of the texts, at least 3)."""
    languages = _languages(texts, languages)
    n = len(texts)
    if n < 3:
        return Suggestions(themes=[], outliers=list(range(n)))
    if vectors is None:
        from consult.outcomes.embeddings import embed

        vectors = embed(texts)
    vectors = _normalised(np.asarray(vectors, dtype=np.float32))
    size = min_cluster_size or max(3, round(n * 0.01))
    labels = _joined(vectors, _without_strays(vectors, _cluster(vectors, languages, size)))
    groups = [np.flatnonzero(labels == label) for label in sorted(set(labels) - {-1})]
    themes = _named(texts, languages, vectors, groups)
    themes.sort(key=lambda theme: (-len(theme.members), theme.members[0]))
    return Suggestions(themes=themes, outliers=[int(i) for i in np.flatnonzero(labels == -1)])


def split_in_two(
    texts: list[str], vectors: np.ndarray, *, languages: list[str] | None = None
) -> list[SuggestedTheme]:
    """Re-cluster one group's members into two (the staff's "Split"): k-means with k=2 on
    their vectors, from a fixed seed so the same group splits the same way."""
    from sklearn.cluster import KMeans

    languages = _languages(texts, languages)
    vectors = _normalised(np.asarray(vectors, dtype=np.float32))
    labels = KMeans(n_clusters=2, n_init=10, random_state=0).fit_predict(vectors)
    return _named(texts, languages, vectors, [np.flatnonzero(labels == k) for k in (0, 1)])


def _languages(texts: list[str], given: list[str] | None) -> list[str]:
    return [
        (language or guess_language(text))
        for text, language in zip(texts, given or [None] * len(texts), strict=True)
    ]


def _named(
    texts: list[str], languages: list[str], vectors: np.ndarray, groups: list[np.ndarray]
) -> list[SuggestedTheme]:
    themes = []
    for members, by_language in zip(groups, _keyphrases(texts, languages, groups), strict=True):
        # The language most members write in, among those the group has keyphrases in.
        spoken = Counter(languages[i] for i in members).most_common()
        main = next((lang for lang, _n in spoken if lang in by_language), spoken[0][0])
        themes.append(
            SuggestedTheme(
                members=_by_centrality(vectors, members),
                keyphrases=by_language.get(main, []),
                language=main,
                keyphrases_by_language=by_language,
            )
        )
    return themes


def guess_language(text: str) -> str:
    """English or French, whichever has more of its stop words in `text`."""
    words = list(_words(text))
    elided = sum(text.count(mark) for mark in APOSTROPHES)
    french = sum(word in stopwords.FRENCH for word in words) + elided
    english = sum(word in stopwords.ENGLISH for word in words)
    return "fr" if french > english else "en"


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _cluster(vectors: np.ndarray, languages: list[str], size: int) -> np.ndarray:
    from sklearn.cluster import HDBSCAN

    projected = _normalised(_principal(_per_language_centred(vectors, languages)))
    clusterer = HDBSCAN(
        min_cluster_size=size,
        # A small min_samples lets a group's edge join it: with min_samples = size, a third
        # to a half of the coded comments were left "not grouped" (docs/theme-suggestions.md).
        min_samples=max(2, size // 4),
        cluster_selection_method="leaf",
        copy=True,
    )
    return clusterer.fit_predict(projected)


def _without_strays(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Members far less like their group than the rest are "not grouped" after all: a
    cosine to the group's mean more than STRAY_SPREAD robust deviations (median absolute
    deviation, scaled to a normal's) below the median member's. A small min_samples lets a
    lone comment join the nearest group when the groups are few; this sends it back."""
    labels = labels.copy()
    for label in set(labels) - {-1}:
        members = np.flatnonzero(labels == label)
        scores = vectors[members] @ _normalised(vectors[members].mean(axis=0, keepdims=True))[0]
        median = np.median(scores)
        spread = 1.4826 * np.median(np.abs(scores - median))
        labels[members[scores < median - STRAY_SPREAD * spread]] = -1
    return labels


def _joined(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """A second pass over the comments left out: each joins the group whose centre it is
    nearest when it is clearly close to it, as close as all but the group's least typical
    tenth of members (JOIN_QUANTILE), less JOIN_MARGIN; the rest stay "not grouped". Density
    leaves out a comment at a group's edge as readily as one about nothing here (a third of
    the coded comments, most of them coded with a theme their group stands for)."""
    groups = sorted(set(labels) - {-1})
    left_out = np.flatnonzero(labels == -1)
    if not groups or not left_out.size:
        return labels
    members = [np.flatnonzero(labels == label) for label in groups]
    centres = _normalised(np.stack([vectors[rows].mean(axis=0) for rows in members]))
    floors = np.array(
        [
            np.quantile(vectors[rows] @ centre, JOIN_QUANTILE)
            for rows, centre in zip(members, centres, strict=True)
        ]
    )
    cosines = vectors[left_out] @ centres.T
    nearest = cosines.argmax(axis=1)
    close = cosines[np.arange(left_out.size), nearest] >= floors[nearest] - JOIN_MARGIN
    labels = labels.copy()
    labels[left_out[close]] = np.asarray(groups)[nearest[close]]
    return labels


def _per_language_centred(vectors: np.ndarray, languages: list[str]) -> np.ndarray:
    """Each language's mean vector removed, then renormalised. The model places every
    French text a little apart from every English one, a shared offset that otherwise
    outweighs the topic and splits a theme by language."""
    centred = vectors.copy()
    codes = np.asarray(languages)
    for language in set(languages):
        rows = codes == language
        centred[rows] -= centred[rows].mean(axis=0)
    return _normalised(centred)


def _principal(vectors: np.ndarray) -> np.ndarray:
    """The vectors on their first principal axes, from an SVD, each axis divided by its
    spread (whitened): the first axes otherwise set every distance, and the coded set's
    themes lie along the later ones as much. An axis spread less than SPREAD_FLOOR of the
    first is divided by that floor instead: on a few comments about a few topics, the later
    axes are each comment's own noise, and magnified they merged the topics. A sign fixed
    per axis keeps the result deterministic."""
    centred = vectors - vectors.mean(axis=0)
    axes = min(AXES, len(vectors) - 1, vectors.shape[1])
    _u, spreads, vt = np.linalg.svd(centred, full_matrices=False)
    vt = vt[:axes] * np.sign(vt[:axes, :1] + 1e-12)
    floor = max(float(spreads[0]) * SPREAD_FLOOR, 1e-12)
    return (centred @ vt.T) / np.maximum(spreads[:axes], floor)


def _by_centrality(vectors: np.ndarray, members: np.ndarray) -> list[int]:
    """Members sorted by cosine to their group's mean, most central first (ties by index)."""
    centre = vectors[members].mean(axis=0)
    scores = vectors[members] @ centre
    order = sorted(range(len(members)), key=lambda k: (-round(float(scores[k]), 6), members[k]))
    return [int(members[k]) for k in order]


def _terms(text: str) -> list[tuple[str, str]]:
    """Unigrams and bigrams of the text's content words, each as (key, as written); a bigram
    never spans a stop word. The key folds a plural into its singular, so "algorithme" and
    "algorithmes" count as one term."""
    terms: list[tuple[str, str]] = []
    previous = None
    for word in _words(text):
        if word in stopwords.ALL or len(word) < 3:
            previous = None
            continue
        terms.append((_singular(word), word))
        if previous is not None:
            terms.append((f"{_singular(previous)} {_singular(word)}", f"{previous} {word}"))
        previous = word
    return terms


def _words(text: str):
    """The text's words, lower case, French elisions and the English possessive removed; a
    hyphenated word with a stop word in it ("sont-elles", "peut-être") is its parts."""
    for raw in _WORD.findall(text.lower()):
        word = _POSSESSIVE.sub("", _ELISION.sub("", raw))
        parts = word.split("-")
        if len(parts) > 1 and any(part in stopwords.ALL for part in parts):
            yield from parts
        else:
            yield word


def _singular(word: str) -> str:
    """A plural's final s dropped (English and French alike), not where it belongs to the
    singular too ("process", "bus", "analysis"); a French participle's feminine too
    ("conservées" is "conservé")."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word[:-1] if word.endswith("ée") else word


def _keyphrases(
    texts: list[str], languages: list[str], groups: list[np.ndarray]
) -> list[dict[str, list[str]]]:
    """Class-based TF-IDF per language: a term scores by its share of a group's terms times
    log(1 + average terms per group / its count in all groups), so words every group uses
    sink and the group's own rise. A term must appear in two of the group's comments (when
    it has two in that language); a language with no such term is left out rather than
    shown empty. Each term is shown as its members most often write it."""
    named: list[dict[str, list[str]]] = [{} for _ in groups]
    for language in sorted(set(languages)):
        counts: list[Counter] = []
        spread: list[Counter] = []
        written: list[Counter] = []
        for members in groups:
            total, documents, forms = Counter(), Counter(), Counter()
            for i in members:
                if languages[i] == language:
                    terms = _terms(texts[i])
                    total.update(key for key, _form in terms)
                    documents.update({key for key, _form in terms})
                    forms.update(terms)
            counts.append(total)
            spread.append(documents)
            written.append(forms)
        everywhere = Counter()
        for total in counts:
            everywhere.update(total)
        average = sum(everywhere.values()) / max(1, sum(1 for total in counts if total))
        for k, (total, documents) in enumerate(zip(counts, spread, strict=True)):
            size = sum(total.values())
            in_language = sum(1 for i in groups[k] if languages[i] == language)
            needed = 2 if in_language >= 2 else 1
            scored = sorted(
                (-(count / size) * math.log(1 + average / everywhere[term]), term)
                for term, count in total.items()
                if documents[term] >= needed
            )
            chosen = _distinct([term for _score, term in scored], total)
            if chosen:
                shown = {}
                for (key, form), _count in written[k].most_common():
                    shown.setdefault(key, form)
                named[k][language] = [shown[term] for term in chosen]
    return named


def _distinct(ranked: list[str], counts: Counter) -> list[str]:
    """The top terms, none sharing a word with another. A phrase takes the place of a word
    already chosen that it contains when the group says the phrase at least half as often
    as the word ("facial recognition" rather than "facial"): it reads as a theme, the word
    alone does not."""
    chosen: list[str] = []
    for term in ranked:
        words = set(term.split())
        overlapping = [other for other in chosen if words & set(other.split())]
        if not overlapping:
            if len(chosen) < KEYPHRASES:
                chosen.append(term)
        elif " " in term and all(
            " " not in other and 2 * counts[term] >= counts[other] for other in overlapping
        ):
            chosen[chosen.index(overlapping[0])] = term
            for other in overlapping[1:]:
                chosen.remove(other)
    return chosen
