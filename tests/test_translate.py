"""Applying a catalog to a document: fallbacks, note token checks, --strict."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from toolkit.document.inline import token_problem
from toolkit.document.model import NoteRef
from toolkit.document.readers.plaintext import read_seed
from toolkit.editions.translate import TranslationReport, apply_translations, check_strict, fallback_warning
from toolkit.errors import ToolkitError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def letter():
    return read_seed(REPO / "seeds" / "letter.txt", REPO)


def _all_translated(document, change=lambda key, text: text.upper()):
    return {s.key: (change(s.key, s.text), False) for s in document.segments()}


def test_a_complete_catalog_translates_every_segment(letter):
    translated, report = apply_translations(letter, _all_translated(letter), "es", "es.po")
    assert report.total == report.translated == len(list(letter.segments()))
    assert report.fallback_causes() == []
    assert [s.text for s in translated.segments()] == [s.text.upper() for s in letter.segments()]
    # Note references are runs again, not text, and stay in place.
    assert [s.note_refs for s in translated.segments()] == [s.note_refs for s in letter.segments()]
    check_strict(report)


def test_fuzzy_and_untranslated_entries_fall_back_to_the_source(letter):
    segments = list(letter.segments())
    translations = _all_translated(letter)
    translations[segments[0].key] = (translations[segments[0].key][0], True)
    translations[segments[1].key] = ("", False)
    del translations[segments[2].key]
    translated, report = apply_translations(letter, translations, "es", "locale/es/LC_MESSAGES/letter.po")
    assert (report.fuzzy, report.untranslated, report.translated) == (1, 2, report.total - 3)
    assert [s.text for s in list(translated.segments())[:3]] == [s.text for s in segments[:3]]
    with pytest.raises(
        ToolkitError, match=r"--strict: es is not ready to publish: of \d+ segments, 2 untranslated, 1 fuzzy$"
    ):
        check_strict(report)


@pytest.mark.parametrize(
    ("source", "translation", "problem"),
    [
        ("a[^7] b[^8] c[^9]", "x[^7] y[^8] z[^9].", None),
        ("a[^7] b", "x y[^7]", None),  # moved within the sentence: same order, fine
        ("a[^7] b[^8]", "x[^7]", "note token lost: [^8]"),
        ("a[^7] b", "x[^7] y[^7]", "note token doubled: [^7]"),
        ("a b", "x[^3] y", "note token invented: [^3]"),
        ("a[^7] b[^8]", "x[^8] y[^7]", "note tokens reordered: [^7] [^8] became [^8] [^7]"),
    ],
)
def test_token_problems_are_named(source, translation, problem):
    assert token_problem(source, translation) == problem


def test_a_bad_token_falls_back_for_that_segment_only(letter):
    carrier = next(s for s in letter.segments() if len(s.note_refs) == 3)
    single = next(s for s in letter.segments() if len(s.note_refs) == 1)
    translations = _all_translated(letter)
    translations[carrier.key] = ("Texto[^9] con[^8] notas[^7].", False)
    translations[single.key] = ("Texto sin nota.", False)
    translated, report = apply_translations(letter, translations, "es", "es.po")
    by_key = {s.key: s for s in translated.segments()}
    # The source text, which says it is in the source's language.
    assert by_key[carrier.key] == msgspec.structs.replace(carrier, lang="en-US")
    assert by_key[single.key] == msgspec.structs.replace(single, lang="en-US")
    assert report.translated == report.total - 2
    assert set(report.token_problems) == {
        f"es.po: warning: {single.key}: note token lost: [^{single.note_refs[0]}]; the source text is used",
        f"es.po: warning: {carrier.key}: note tokens reordered: [^7] [^8] [^9] became [^9] [^8] [^7]; "
        "the source text is used",
    }
    with pytest.raises(ToolkitError, match="2 with token or placeholder problems"):
        check_strict(report)


def test_the_build_and_strict_count_fallbacks_in_the_same_words():
    one = TranslationReport("es", "es.po", total=1, untranslated=1)
    assert fallback_warning("es", [one]) == (
        "es: warning: 1 of 1 segment uses the source text "
        "(1 untranslated, 0 fuzzy, 0 with token or placeholder problems)"
    )
    with pytest.raises(ToolkitError, match=r"of 1 segment, 1 untranslated$"):
        check_strict(one)
    # A language's catalogs (one per seed) are counted together.
    other = TranslationReport("es", "other.po", total=4, translated=2, fuzzy=1, token_problems=("…",))
    assert fallback_warning("es", [one, other]) == (
        "es: warning: 3 of 5 segments use the source text "
        "(1 untranslated, 1 fuzzy, 1 with token or placeholder problems)"
    )
    assert fallback_warning("es", [TranslationReport("es", "es.po", total=2, translated=2)]) is None


def test_translated_text_stays_text(letter):
    hostile = '#read("/etc/hostname") <script>x</script> [^1 ] [7]'
    key = letter.credit.key
    translated, _ = apply_translations(letter, {key: (hostile, False)}, "es")
    assert translated.credit is not None
    assert translated.credit.content == (hostile,)
    assert not any(isinstance(run, NoteRef) for run in translated.credit.content)
