"""`suggest_themes`, the stable entry point, on a small bilingual set: three obvious topics
grouped across English and French, keyphrases in each language, the off-topic comment left
"not grouped"."""

import numpy as np

from consult.outcomes.embeddings import embed
from consult.outcomes.suggestions import guess_language, suggest_themes
from tests.suggestions.bilingual import OFF_TOPIC, TOPICS

ROWS = [(topic, language, text) for topic, rows in TOPICS.items() for language, text in rows]
ROWS.append(("off", *OFF_TOPIC))
TEXTS = [text for _topic, _language, text in ROWS]


def test_obvious_topics_are_grouped_across_languages_and_the_off_topic_left_out():
    vectors = embed(TEXTS)
    result = suggest_themes(TEXTS, vectors=vectors)
    found = sorted({ROWS[i][0] for i in theme.members} for theme in result.themes)
    assert found == sorted({topic} for topic in TOPICS)
    assert all(len(theme.members) == 6 for theme in result.themes)
    assert [ROWS[i][0] for i in result.outliers] == ["off"]
    cameras = next(t for t in result.themes if ROWS[t.members[0]][0] == "cameras")
    # A keyphrase may be a two-word phrase ("recognition cameras") rather than the word.
    assert "cameras" in " ".join(cameras.keyphrases_by_language["en"]).split()
    assert "caméras" in " ".join(cameras.keyphrases_by_language["fr"]).split()
    # Each member once, the most central first: the first is nearer the group's mean.
    centre = vectors[cameras.members].mean(axis=0)
    assert vectors[cameras.members[0]] @ centre >= vectors[cameras.members[-1]] @ centre
    # Stored vectors and given languages give the same answer as computing them here.
    again = suggest_themes(TEXTS, languages=[language for _t, language, _x in ROWS])
    assert again.clusters == result.clusters and again.outliers == result.outliers


def test_too_few_texts_are_all_not_grouped():
    result = suggest_themes(["One.", "Two."], vectors=np.eye(2, 384, dtype=np.float32))
    assert result.themes == [] and result.outliers == [0, 1]


def test_the_language_of_a_comment_is_guessed_from_its_words():
    assert guess_language("Les caméras de la gare surveillent tout le monde.") == "fr"
    assert guess_language("The cameras at the station watch everyone.") == "en"
