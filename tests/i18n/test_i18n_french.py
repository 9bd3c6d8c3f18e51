"""The French interface: a complete, well-formed catalogue, and pages that really read in French.

The catalogue (locale/fr/LC_MESSAGES/django.po) and its compiled django.mo are both committed,
so the site runs without GNU gettext; these tests keep the two in step without needing it.
"""

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"
NBSP = "\u00a0"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")
TAG = re.compile(r"</?[a-z][^>]*>")


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt else self.msgid


def read_po(path: Path = PO_PATH) -> tuple[str, list[Entry]]:
    """The header and the entries of a .po file (obsolete "#~" entries are left out)."""
    entries, current, target = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip() or line.startswith("#~"):
            if current is not None:
                entries.append(current)
            current, target = None, None
            continue
        if line.startswith("#,"):
            flags = {flag.strip() for flag in line[2:].split(",")}
            current = current or Entry(msgid="")
            current.flags |= flags
            continue
        if line.startswith("#"):
            current = current or Entry(msgid="")
            continue
        current = current or Entry(msgid="")
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            target, value = keyword, ast.literal_eval(rest)
        if target in ("msgid", "msgid_plural", "msgctxt"):
            setattr(current, target, (getattr(current, target) or "") + value)
        else:
            index = int(target[7:-1]) if target.startswith("msgstr[") else 0
            current.msgstr[index] = current.msgstr.get(index, "") + value
    header = next(e for e in entries if e.msgid == "" and not e.msgctxt)
    return header.msgstr[0], [e for e in entries if e is not header]


def nplurals(header: str) -> int:
    return int(re.search(r"nplurals=(\d+)", header).group(1))


# --- The catalogue ----------------------------------------------------------------------


def test_every_string_is_translated_and_none_is_fuzzy():
    header, entries = read_po()

    assert "Language: fr\n" in header
    assert len(entries) > 300
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert fuzzy == []
    forms = nplurals(header)
    untranslated = [
        e.msgid
        for e in entries
        if any(
            not e.msgstr.get(i, "").strip()
            for i in (range(forms) if e.msgid_plural is not None else [0])
        )
    ]
    assert untranslated == []


def test_translations_keep_every_placeholder_and_tag():
    _, entries = read_po()
    for entry in entries:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        expected = sorted(PLACEHOLDER.findall(sources[-1]))
        for translation in entry.msgstr.values():
            assert sorted(PLACEHOLDER.findall(translation)) == expected, entry.msgid
            assert TAG.findall(translation) == TAG.findall(entry.msgid), entry.msgid
            # Django's templates turn "%%" back into "%": a lone "%" would not survive.
            if "python-format" in entry.flags:
                assert re.sub(r"%%|%(\([a-z_]+\))?[sd]", "", translation).count("%") == 0


def test_translations_follow_french_typography():
    _, entries = read_po()
    for entry in entries:
        for translation in entry.msgstr.values():
            # A non-breaking space before ; : ! ? » and %, and after «.
            assert not re.search(r"[ \t][;:!?»]| %%|«[ \t]", translation), translation
            # The plain apostrophe, as in the site's French content; never both kinds.
            assert "\u2019" not in translation, translation
            if entry.msgid == "Yes,No":
                assert translation == "Oui,Non"  # the yesno filter's format


def test_committed_mo_matches_the_po():
    """The compiled catalogue Django reads says exactly what the .po says."""
    header, entries = read_po()
    with MO_PATH.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    expected = {}
    for entry in entries:
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(entry.key, index)] = text
    actual = {key: value for key, value in compiled._catalog.items() if key not in ("", ("", 0))}

    assert actual == expected, "run: manage.py compilemessages --ignore '.venv/*'"
    assert compiled.plural(1) == 0 and compiled.plural(2) == 2
    assert nplurals(header) == 3


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_gnu_msgfmt_accepts_the_catalogue(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(PO_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


# --- The pages --------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """What a person reads or hears: text, plus labels given in attributes.

    Comment bodies are left out: participants write in the language they choose, so an
    English comment on a French page is content, not a missing translation.
    """

    ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0
        # Open <div>s inside a comment body (0: not in one); its sanitized HTML has no div.
        self._in_comment = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "div" and (
            self._in_comment or "comment__body" in (dict(attrs).get("class") or "")
        ):
            self._in_comment += 1
        self.parts.extend(value for name, value in attrs if name in self.ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1
        if tag == "div" and self._in_comment:
            self._in_comment -= 1

    def handle_data(self, data):
        if not self._hidden and not self._in_comment and data.strip():
            # Collapse layout whitespace but keep the non-breaking spaces French needs.
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data).strip())


def visible_text(response) -> str:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return "\n".join(parser.parts)


def language_switcher(html: str) -> str:
    return html.split('class="language-switcher"')[1].split("</nav>")[0]


def english_left_in(text: str) -> list[str]:
    """Our English strings with a different French translation that still show in `text`."""
    _, entries = read_po()
    left = []
    for entry in entries:
        english, french = entry.msgid, entry.msgstr[0]
        # One-word strings ("Impact", "Question") are often French words too.
        if " " not in english or english == french or "%" in english:
            continue
        if re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", text):
            left.append(english)
    return left


def test_signup_page_is_in_french(client, db):
    response = client.get("/fr/accounts/signup/")

    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(response)
    assert '<html lang="fr">' in html
    assert "Créer un compte" in text
    assert "Nom affiché" in text
    assert f"Quelle catégorie vous décrit le mieux{NBSP}?" in text
    for group in ("Personne concernée", "Universitaire ou chercheur", "Organisme public"):
        assert group in text
    assert "Display name" not in text
    assert english_left_in(text) == []


def test_the_same_page_in_english_stays_english(client, db):
    text = visible_text(client.get("/accounts/signup/"))

    assert "Create an account" in text
    assert "Display name" in text
    assert "Créer un compte" not in text
    # The check the French pages rely on does find English where there is some.
    assert {"Create an account", "Display name"} <= set(english_left_in(text))


def test_header_reads_in_french_and_offers_english(client, db):
    response = client.get("/fr/ai-systems/")

    html = response.content.decode()
    header = visible_text(response).split("\nRegistre des systèmes d'IA\n")[0]
    assert response.status_code == 200
    assert "<h1>Registre des systèmes d'IA</h1>" in html
    for label in ("Aller au contenu principal", "Langue", "Compte", "Menu principal"):
        assert label in visible_text(response)
    for label in ("Se connecter", "Créer un compte", "Consultations", "Systèmes d'IA"):
        assert label in header
    assert '<a href="/ai-systems/" hreflang="en" lang="en">English</a>' in language_switcher(html)
    assert "Français" not in language_switcher(html)


def test_signed_in_header_and_profile_are_in_french(client, camille):
    client.force_login(camille)

    response = client.get("/fr/accounts/profile/")

    text = visible_text(response)
    assert response.status_code == 200
    for label in ("Votre compte", "Se déconnecter", "Votre profil", "Votre pseudonyme"):
        assert label in text
    assert "Authentification à deux facteurs" in text
    assert english_left_in(text) == []


def test_missing_page_is_explained_in_french(client, db):
    response = client.get("/fr/aucune-page-ici/")

    assert response.status_code == 404
    text = visible_text(response)
    assert "Page introuvable" in text
    assert "Il n'y a pas de page à cette adresse." in text


@pytest.mark.django_db
class TestDemoContent:
    """The demo content, loaded once for these tests, which only read it."""

    @pytest.mark.parametrize(
        "path",
        [
            "/fr/",
            "/fr/consultations/",
            "/fr/consultations/metro-face-recognition/",
            "/fr/ai-systems/",
            "/fr/ai-systems/metro-face-recognition/",
            "/fr/accounts/login/",
        ],
    )
    def test_demo_pages_show_none_of_our_english_strings(self, client, demo, path):
        response = client.get(path)

        assert response.status_code == 200
        assert '<html lang="fr">' in response.content.decode()
        assert english_left_in(visible_text(response)) == []

    def test_demo_consultation_reads_in_french(self, client, demo):
        text = visible_text(client.get("/fr/consultations/metro-face-recognition/"))

        assert "Cette consultation est ouverte. Vous pouvez participer jusqu'au" in text
        # At a glance: the deadline with its time zone and the days left.
        assert "En bref" in text and "(heure de Paris, " in text and "jours restants" in text
        assert f"Système d'IA{NBSP}: Reconnaissance faciale dans les stations de métro" in text
        assert f"Niveau IV{NBSP}: impact très élevé" in text
        assert "Identification biométrique à distance\nOui" in text
        assert "Phase du cycle de vie\nProposé" in text

    def test_counts_use_french_plural_forms(self, client, demo):
        everything = visible_text(client.get("/fr/ai-systems/"))
        nothing = visible_text(client.get("/fr/ai-systems/?phase=retired"))
        in_english = visible_text(client.get("/ai-systems/?phase=retired"))

        assert "3 systèmes" in everything
        # French counts zero in the singular, English in the plural.
        assert "0 système\n" in nothing + "\n"
        assert "0 systems" in in_english

    def test_admin_register_speaks_french_to_a_french_editor(self, client, demo, dominique):
        client.force_login(dominique)

        response = client.get("/admin/snippets/consultations/aisystem/")

        text = visible_text(response)
        assert response.status_code == 200
        for label in ("Systèmes d'IA", "Organisme déployeur", "Phase du cycle de vie", "Proposé"):
            assert label in text
        # Each row's status is a translated tag, never Python's True.
        assert "\nTrue\n" not in text
        assert english_left_in(text) == []
