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
and French stop words struck (and German, Spanish, Italian and Dutch ones in comments in
those languages). Everything is deterministic: the same texts give the same suggestions.

What it promises whatever it is given (tests/suggestions/test_suggestions_robustness.py):
every index is in exactly one group or among the outliers; a text with no word in it (empty,
punctuation, numbers, emoji) or without a usable vector is an outlier, never a group; a
keyphrase is words of its own group's comments, never a stop word, a link or markup; and
`languages` of another length than `texts` is a ValueError, not a silent guess.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from consult.outcomes import stopwords
from consult.outcomes.embeddings import DIMENSIONS, embed, readable

# Principal axes kept for clustering: enough for topics, few enough for density to mean
# something (HDBSCAN in 384 dimensions sees every point as far from every other).
AXES = 10
# Each axis is scaled to the same spread (whitened), but none magnified beyond this share
# of the first axis's spread: on a few comments the later axes are noise (see _principal).
SPREAD_FLOOR = 0.7
# Fewer comments than this are clustered on their (centred) vectors as they are.
AXES_FROM = 50
KEYPHRASES = 5
# A language with fewer comments than this is centred on the mean of all comments rather
# than its own (see _per_language_centred): the mean of a few is their topic, not their language.
CENTRED_LANGUAGE = 10
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
# Chinese and Japanese write no spaces between words: a "word" found between spaces there is
# a clause ("我覺得UberX應該..."), which would name a group with a sentence of one comment.
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# Where a phrase ends: no keyphrase joins the last word of a sentence, a clause or a line to
# the first of the next.
_PHRASE_END = re.compile(r"[.!?;:,()\[\]{}\"«»“”„|/\n\u2013\u2014]+|\s-\s")


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
    if vectors is not None and len(vectors) != n:
        raise ValueError(f"{len(vectors)} vectors were given for {n} texts")
    # A text with no word says nothing a group could stand for; its vector (the model's
    # reading of an empty or "..." text) would otherwise gather with the others like it.
    worded = [i for i, text in enumerate(texts) if _has_words(text)]
    if len(worded) < 3:
        return Suggestions(themes=[], outliers=list(range(n)))
    if vectors is None:
        vectors = np.zeros((n, DIMENSIONS), dtype=np.float32)
        vectors[worded] = embed([texts[i] for i in worded])
    vectors = np.asarray(vectors, dtype=np.float32)
    usable = np.isfinite(vectors).all(axis=1) & (np.abs(vectors).sum(axis=1) > 0)
    kept = np.asarray([i for i in worded if usable[i]], dtype=int)
    if kept.size < 3:
        return Suggestions(themes=[], outliers=list(range(n)))
    kept_texts = [texts[i] for i in kept]
    kept_languages = [languages[i] for i in kept]
    vectors = _normalised(vectors[kept])
    size = min_cluster_size or max(3, round(kept.size * 0.01))
    labels = _cluster(vectors, kept_languages, size)
    labels = _joined(vectors, _without_strays(vectors, labels))
    groups = [np.flatnonzero(labels == label) for label in sorted(set(labels) - {-1})]
    themes = [
        SuggestedTheme(
            members=[int(kept[i]) for i in theme.members],
            keyphrases=theme.keyphrases,
            language=theme.language,
            keyphrases_by_language=theme.keyphrases_by_language,
        )
        for theme in _named(kept_texts, kept_languages, vectors, groups)
    ]
    themes.sort(key=lambda theme: (-len(theme.members), theme.members[0]))
    grouped = {i for theme in themes for i in theme.members}
    return Suggestions(themes=themes, outliers=[i for i in range(n) if i not in grouped])


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


def _languages(texts: list[str], given: list[str | None] | None) -> list[str]:
    """Each text's language as a two-letter code ("en-GB", "FR" and "fr_CA" are "en", "fr"
    and "fr"), guessed where none is given."""
    if given is None:
        given = [None] * len(texts)
    elif len(given) != len(texts):
        raise ValueError(f"{len(given)} languages were given for {len(texts)} texts")
    codes = [re.split(r"[-_]", (language or "").strip().lower())[0] for language in given]
    guessed = {i: _likeliest(texts[i]) for i, code in enumerate(codes) if not code}
    # A text with no stop word of any language ("Verbot von Gas-Heizungen"), or as many of
    # two ("PV in Neubauten": "in" is English and German), is most likely in the language
    # most of the others are in.
    known = Counter(code for code in codes if code)
    known.update(likeliest[0] for likeliest in guessed.values() if len(likeliest) == 1)
    for i, likeliest in guessed.items():
        candidates = likeliest or list(stopwords.BY_LANGUAGE)
        # max keeps the first of equals: English, then French.
        codes[i] = max(candidates, key=lambda language: known[language])
    return codes


def _likeliest(text: str) -> list[str]:
    """The languages with the most of their stop words in `text`, none if it has none."""
    scores = _language_scores(text)
    best = max(scores.values())
    return [language for language, score in scores.items() if score == best and best > 0]


def _has_words(text: str) -> bool:
    return next(_words(readable(text)), None) is not None


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
    """The language with the most of its stop words in `text`, among those of
    stopwords.BY_LANGUAGE; on a tie (or none at all) English, then French, the site's own."""
    scores = _language_scores(text)
    # max keeps the first of equals, and the lists begin with English and French.
    return max(scores, key=scores.__getitem__)


def _language_scores(text: str) -> dict[str, int]:
    text = readable(text)
    words = list(_words(text))
    elided = sum(text.count(mark) for mark in APOSTROPHES)
    return {
        language: sum(word in listed for word in words) + (elided if language == "fr" else 0)
        for language, listed in stopwords.BY_LANGUAGE.items()
    }


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _cluster(vectors: np.ndarray, languages: list[str], size: int) -> np.ndarray:
    from sklearn.cluster import HDBSCAN

    centred = _per_language_centred(vectors, languages)
    centred -= centred.mean(axis=0)
    if np.linalg.norm(centred, axis=1).max() < 1e-4:
        # Every comment reads the same (one text posted again and again): one group, if
        # there are enough of them to make one.
        return np.full(len(vectors), 0 if len(vectors) >= size else -1)
    # Too few comments to find axes from: each would be a comment's own noise, whitened to
    # the size of a topic (10 comments on 3 topics came out all "not grouped").
    projected = _normalised(_principal(centred) if len(vectors) >= AXES_FROM else centred)
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
    outweighs the topic and splits a theme by language. A language with fewer than
    CENTRED_LANGUAGE comments has the mean of all removed instead: the mean of one comment
    is that comment, which centring would turn into nothing."""
    centred = vectors.copy()
    codes = np.asarray(languages)
    overall = vectors.mean(axis=0)
    for language in set(languages):
        rows = codes == language
        few = rows.sum() < CENTRED_LANGUAGE
        centred[rows] -= overall if few else centred[rows].mean(axis=0)
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


def _terms(text: str, language: str) -> list[tuple[str, str]]:
    """Unigrams and bigrams of the text's content words, each as (key, as written); a bigram
    never spans a stop word, a punctuation mark or a link. The key folds a plural into its
    singular, so "algorithme" and "algorithmes" count as one term."""
    terms: list[tuple[str, str]] = []
    struck = stopwords.struck(language)
    for phrase in _PHRASE_END.split(readable(text, keep_lines=True)):
        previous = None
        for word in _words(phrase):
            # "needs" is "need", a stop word like it.
            if (
                word in struck
                or _singular(word) in struck
                or len(word) < 3
                or _UNSPACED_SCRIPT.search(word)
            ):
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
                    terms = _terms(texts[i], language)
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
