"""`suggest_themes` on what a real set of comments holds besides clean sentences: a handful of
texts, empty and punctuation-only ones, one text posted again and again, links and markup,
languages other than English and French, and malformed arguments. Whatever it is given,
every index is in exactly one group or among the outliers, and a keyphrase is words of its
own group's comments, never a stop word, a link or markup."""

import re

import numpy as np
import pytest

from consult.outcomes import stopwords
from consult.outcomes.embeddings import embed
from consult.outcomes.suggestions import guess_language, suggest_themes
from tests.suggestions.bilingual import OFF_TOPIC, TOPICS

# The English half of the bilingual set: three topics of three comments, and one off topic.
ENGLISH = [text for rows in TOPICS.values() for language, text in rows if language == "en"]
ENGLISH_TOPICS = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
TEN = [*ENGLISH, OFF_TOPIC[1]]

GERMAN = [
    "Die Kameras mit Gesichtserkennung am Bahnhof würden alle Menschen verfolgen.",
    "Ich will nicht jeden Morgen von Kameras mit Gesichtserkennung gefilmt werden.",
    "Biometrische Kameras, die im öffentlichen Raum Gesichter scannen, sind Massenüberwachung.",
    "Ein Sachbearbeiter muss jede Ablehnung einer Sozialleistung prüfen, bevor der Brief geht.",
    "Niemand darf seine Sozialleistung wegen des Algorithmus verlieren, "
    "ohne dass ein Mensch die Ablehnung prüft.",
    "Die Ablehnungen, die das System entscheidet, muss ein Mensch prüfen.",
    "Wie lange werden meine persönlichen Daten gespeichert? "
    "Sie sollten nach einem Jahr gelöscht werden.",
    "Die Speicherdauer der Daten ist zu lang: die persönlichen Akten nach zwölf Monaten löschen.",
    "Persönliche Daten dürfen nicht für immer gespeichert werden, sie müssen gelöscht werden.",
]


def _checked(texts, **kwargs):
    """The result, once its promises are checked: each index in one place, and keyphrases
    that are words of the group's own comments, none of them a stop word or an address."""
    result = suggest_themes(texts, **kwargs)
    placed = sorted([*(i for theme in result.themes for i in theme.members), *result.outliers])
    assert placed == list(range(len(texts)))
    for theme in result.themes:
        said = " ".join(texts[i].lower() for i in theme.members)
        for language, phrases in theme.keyphrases_by_language.items():
            for phrase in phrases:
                assert re.fullmatch(r"[^\W\d_]+(?:[-'\u2019 ][^\W\d_]+)*", phrase), phrase
                assert not set(phrase.split()) & stopwords.struck(language), phrase
                assert all(word in said for word in phrase.split()), phrase
    return result


def _groups(result) -> list[list[int]]:
    return sorted(sorted(theme.members) for theme in result.themes)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 5])
def test_a_handful_of_texts_never_fails(count):
    result = _checked(TEN[:count])
    assert len(result.outliers) + sum(len(t.members) for t in result.themes) == count


def test_ten_comments_on_three_topics_make_three_groups():
    # Too few comments to find principal axes from: they are clustered as they are.
    result = _checked(TEN)
    assert _groups(result) == ENGLISH_TOPICS
    assert result.outliers == [9]


def test_texts_without_words_are_not_grouped_and_the_rest_still_are():
    blank = ["", "   ", "\n\t", "...", "?!", "12 345", "3.14 %", "\U0001f44d\U0001f44d"]
    result = _checked(ENGLISH + blank)
    assert _groups(result) == ENGLISH_TOPICS
    assert result.outliers == list(range(9, 9 + len(blank)))


def test_one_text_posted_again_and_again_is_one_group():
    vector = np.random.default_rng(0).normal(size=(1, 384)).astype(np.float32)
    texts = ["Ban facial recognition cameras at the station."] * 12
    result = _checked(texts, vectors=np.repeat(vector, 12, axis=0))
    assert _groups(result) == [list(range(12))]
    assert "station" in result.themes[0].keyphrases


def test_links_and_markup_never_name_a_group():
    marked = [
        f'<p>{text} <a href="https://www.example.org/consultation?id={i}">'
        f"https://www.example.org/consultation?id={i}</a>&nbsp;me@example.org</p>"
        for i, text in enumerate(ENGLISH)
    ]
    result = _checked(marked)
    assert _groups(result) == ENGLISH_TOPICS
    named = {word for t in result.themes for p in t.keyphrases for word in p.split()}
    assert not named & {"https", "www", "example", "org", "href", "nbsp", "consultation"}


@pytest.mark.parametrize("languages", [None, ["de"] * 9], ids=["guessed", "given"])
def test_german_comments_are_grouped_and_named_without_their_stop_words(languages):
    result = _checked(GERMAN, languages=languages)
    assert _groups(result) == ENGLISH_TOPICS
    assert {theme.language for theme in result.themes} == {"de"}
    cameras = next(t for t in result.themes if 0 in t.members)
    assert "gesichtserkennung" in " ".join(cameras.keyphrases).split()


def test_a_language_with_one_comment_among_others_still_joins_its_topic():
    # Centred on its own mean, a language's only comment would be the zero vector.
    texts = [*ENGLISH, GERMAN[0]]
    result = _checked(texts, languages=["en"] * 9 + ["de"])
    assert [3, 4, 5, 9] in _groups(result)


def test_the_language_of_other_european_comments_is_guessed_from_their_words():
    assert guess_language(GERMAN[1]) == "de"
    assert guess_language("Los datos personales no deben guardarse para siempre.") == "es"
    assert guess_language("I dati personali non devono essere conservati per sempre.") == "it"
    assert guess_language("Persoonsgegevens mogen niet voor altijd worden bewaard.") == "nl"
    assert guess_language("Les données personnelles ne doivent pas être gardées.") == "fr"
    assert guess_language("12 345") == "en"


def test_language_codes_are_read_as_their_language():
    languages = ["EN", "en-GB", "en_US", "", None, "en", " en ", "En", "en-CA"]
    result = _checked(ENGLISH, languages=languages)
    assert {lang for t in result.themes for lang in t.keyphrases_by_language} == {"en"}


def test_languages_or_vectors_of_another_length_are_refused():
    with pytest.raises(ValueError, match="4 languages were given for 5 texts"):
        suggest_themes(TEN[:5], languages=["en"] * 4)
    with pytest.raises(ValueError, match="0 languages were given for 5 texts"):
        suggest_themes(TEN[:5], languages=[])
    with pytest.raises(ValueError, match="4 vectors were given for 5 texts"):
        suggest_themes(TEN[:5], vectors=np.zeros((4, 384), dtype=np.float32))


def test_a_text_without_a_usable_vector_is_not_grouped():
    texts = [*ENGLISH, "Cameras everywhere.", "Delete it all."]
    vectors = embed(texts)
    vectors[9] = np.nan
    vectors[10] = 0
    result = _checked(texts, vectors=vectors)
    assert _groups(result) == ENGLISH_TOPICS
    assert result.outliers == [9, 10]
