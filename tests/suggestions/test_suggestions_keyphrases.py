"""The keyphrases that name a suggestion read as a label: a phrase its comments keep using
rather than its words apart, plurals and singulars counted as one term, French inverted
pronouns and elisions struck, and a language with nothing shared left out rather than shown
empty. The vectors are given (two tight groups), so only the naming is under test."""

import numpy as np

from consult.outcomes.suggestions import suggest_themes

RETENTION = [
    ("fr", "Combien de temps nos données personnelles sont-elles conservées ?"),
    ("fr", "Les données personnelles doivent être effacées au bout d'un an."),
    ("fr", "C\u2019est trop long : une donnée personnelle n\u2019a pas à être conservée dix ans."),
    ("en", "Delete my records after a year."),
    ("en", "Nobody should keep the files forever."),
]
CAMERAS = [
    ("en", "Facial recognition cameras in the metro would track everyone."),
    ("en", "I oppose facial recognition at the station gates."),
    ("en", "Ban facial recognition: it is mass surveillance of the children's journeys."),
    ("fr", "Pas de caméras dans le métro."),
    ("fr", "Je refuse d'être filmé à la gare."),
]


def _suggested():
    rows = RETENTION + CAMERAS
    noise = np.random.default_rng(0).normal(scale=0.01, size=(len(rows), 384))
    vectors = np.zeros((len(rows), 384)) + noise
    vectors[: len(RETENTION), 0] += 1
    vectors[len(RETENTION) :, 1] += 1
    result = suggest_themes(
        [text for _language, text in rows],
        languages=[language for language, _text in rows],
        vectors=vectors.astype(np.float32),
    )
    groups = sorted(sorted(theme.members) for theme in result.themes)
    assert groups == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    return {min(theme.members): theme for theme in result.themes}


def test_a_phrase_its_comments_share_names_the_group_in_the_form_they_write_it():
    retention, cameras = _suggested().values()
    assert cameras.keyphrases[0] == "facial recognition"
    assert cameras.language == "en"
    # "données personnelles" twice and "donnée personnelle" once are one term, shown as written
    # most; "données" alone does not repeat it; "conservées" and "conservée" are one term too.
    assert retention.keyphrases[0] == "données personnelles"
    assert "données" not in retention.keyphrases
    assert "conservées" in retention.keyphrases and "conservée" not in retention.keyphrases


def test_pronouns_and_elisions_are_struck_and_an_empty_language_is_left_out():
    retention, cameras = _suggested().values()
    words = " ".join(retention.keyphrases).split()
    assert not {"sont-elles", "elles", "est", "c'est", "c\u2019est", "trop"} & set(words)
    # Each group's two comments in the other language share no word.
    assert set(retention.keyphrases_by_language) == {"fr"}
    assert set(cameras.keyphrases_by_language) == {"en"}
