"""The shipped Spanish and English catalogs are complete and keep what must be kept."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from toolkit.catalogs import store as catalogs
from toolkit.catalogs.pofile import Entry

from .conftest import REPO

SHIPPED = sorted((REPO / "locale").glob("*/LC_MESSAGES/*.po"))
NUMBER = re.compile(r"\d+")


def entries(path: Path) -> list[Entry]:
    return [e for e in catalogs.read_catalog(path) if not e.obsolete]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.parent.name)
def test_every_entry_is_translated_and_none_is_fuzzy(path: Path):
    stats = catalogs.catalog_stats(path)
    assert (stats.untranslated, stats.fuzzy, stats.percent_translated) == (0, 0, 100)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.parent.name)
def test_every_footnote_token_is_kept_once_and_none_invented(path: Path):
    for entry in entries(path):
        wanted = Counter(re.findall(r"\[\^\d+\]", entry.msgid))
        found = Counter(re.findall(r"\[\^\d+\]", entry.msgstr))
        assert found == wanted, f"{entry.msgctxt}: {dict(found)} instead of {dict(wanted)}"
        assert all(count == 1 for count in found.values()), entry.msgctxt


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.parent.name)
def test_every_number_is_kept_or_explained(path: Path):
    for entry in entries(path):
        source = NUMBER.findall(re.sub(r"\[\^\d+\]", "", entry.msgid))
        translated = NUMBER.findall(entry.msgstr)
        for number in source:
            assert number in translated or number in entry.tcomment, f"{entry.msgctxt}: {number} lost without a word"


def test_spanish_is_spanish_and_english_is_english():
    spanish = {e.msgctxt: e.msgstr for e in entries(REPO / "locale/es/LC_MESSAGES/letter.po")}
    english = {e.msgctxt: e.msgstr for e in entries(REPO / "locale/en/LC_MESSAGES/letter.po")}
    assert spanish["label:notes"] == "Notas" and english["label:notes"] == "Notes"
    assert "Secretaria de Gobernación" in spanish["addressee-role:olga-sanchez-cordero"]
    assert "20 millones de dólares" in spanish["paragraph:this-type-of-agreement-also-supports"]
    assert english["note:2"].startswith("Interview with Luis Videgaray")
    assert "[U.S. wants Mexico" in english["note:1"]  # the cited title stays, glossed
    assert not any("file:///" in text for text in list(spanish.values()) + list(english.values()))


SPANISH = REPO / "locale/es/LC_MESSAGES/letter.po"
ENGLISH = REPO / "locale/en/LC_MESSAGES/letter.po"
QUOTED = re.compile(r"“([^”]*)”")


def texts(path: Path) -> dict[str, str]:
    return {e.msgctxt: e.msgstr for e in entries(path) if e.msgctxt is not None}


def comments(path: Path) -> dict[str, str]:
    return {e.msgctxt: e.tcomment for e in entries(path) if e.msgctxt is not None}


@pytest.mark.parametrize("path", [SPANISH, ENGLISH], ids=["es", "en"])
def test_the_misspelt_signatory_is_corrected_and_the_seed_kept_as_received(path: Path):
    key = "org:mexico:comite-de-derechos-humano-fray-pedro"
    entry = next(e for e in entries(path) if e.msgctxt == key)
    assert entry.msgid == "Comité de Derechos Humano Fray Pedro Lorenzo de la Nada A.C."
    assert entry.msgstr == "Comité de Derechos Humanos Fray Pedro Lorenzo de la Nada A.C."
    assert "misspells" in entry.tcomment and "seed stays as received" in entry.tcomment
    assert "Comité de Derechos Humano Fray" in (REPO / "seeds/letter.txt").read_text(encoding="utf-8")


def test_spanish_quotes_only_words_a_report_confirms_and_says_where_from():
    spanish, notes = texts(SPANISH), comments(SPANISH)
    videgaray = "paragraph:in-may-2018-dhs-made-a"
    # Both Spanish reports of the interview quote these words; the rest is reported speech.
    assert QUOTED.findall(spanish[videgaray]) == ["Por eso lo hemos rechazado"]
    assert "explicó que declarar a México Tercer País Seguro lo convertiría" in spanish[videgaray]
    assert "EFE" in notes[videgaray] and "Infobae" in notes[videgaray] and "28 November 2018" in notes[videgaray]
    court = "item:the-agreement-could-jeopardize-the-principle"
    # The Court's own text could not be read: reported speech, no quotation marks.
    assert QUOTED.findall(spanish[court]) == []
    assert "según la Corte Interamericana de Derechos Humanos, constituye la piedra angular" in spanish[court]
    assert "reported speech, without quotation marks" in notes[court] and "Pacheco Tineo" in notes[court]


def test_spanish_editor_note_speaks_in_the_first_person_plural_and_says_antimigrante():
    spanish = texts(SPANISH)
    note = spanish["editor-note:the-organizations-reiterate-their-opposition-to"]
    assert note.startswith("Las organizaciones reiteramos nuestra oposición al plan. Lamentamos")
    assert "agenda xenófoba y antimigrante" in note
    assert "políticas antimigrantes" in spanish["paragraph:this-type-of-agreement-also-supports"]
    assert not [key for key, text in spanish.items() if "inmigrante" in text]


def test_spanish_note_calls_come_before_the_punctuation():
    spanish = texts(SPANISH)
    assert not {key: text for key, text in spanish.items() if re.search(r"[.,;:!?]\[\^\d+\]", text)}
    assert "“Por eso lo hemos rechazado”[^2]. Reconocemos" in spanish["paragraph:in-may-2018-dhs-made-a"]
    assert "“Quédate en México”[^4]. Según" in spanish["paragraph:in-recent-weeks-we-have-learned"]
    assert spanish["paragraph:this-type-of-agreement-also-supports"].endswith("centroamericanas[^9].")


def test_spanish_notes_are_set_alike_and_the_government_is_named_alike():
    spanish = texts(SPANISH)
    assert spanish["note:2"].endswith("28 de noviembre de 2018.")
    assert spanish["note:8"] == "“U.S. Plans to Pay Mexico to Deport Unauthorized Immigrants There”."
    assert spanish["note:6"] == "Paris Pombo, loc. cit."
    assert spanish["note:6.2"].startswith("Meissner, D., Hipsman, F. y Aleinikoff, A., The U.S. Asylum System")
    named = [match for text in spanish.values() for match in re.findall(r"\b[Gg]obierno de México", text)]
    assert named and set(named) == {"Gobierno de México"}


def test_english_editor_note_names_the_ministries_and_speaks_in_the_first_person():
    note = texts(ENGLISH)["editor-note:the-organizations-reiterate-their-opposition-to"]
    assert note.startswith("We, the organizations, reiterate our opposition to the plan.")
    assert (
        "confusion among the statements of the Ministries of Foreign Affairs and the Interior "
        "and of the National Migration Institute. We hope that the López Obrador government" in note
    )


def test_english_writes_us_style_quotes_and_us_and_the_polish_holds():
    english = texts(ENGLISH)
    assert (
        "referred to as “Remain in Mexico.”[^4] This agreement" in english["paragraph:in-recent-weeks-we-have-learned"]
    )
    assert not {key: text for key, text in english.items() if re.search(r"\bUS\b", text)}
    assert "in this historic moment in Mexico" in english["closing:we-hope-that-in-this-historical"]
    assert (
        "protection of persons who fear individual persecution;"
        in english["paragraph:we-ask-your-government-to-maintain"]
    )
