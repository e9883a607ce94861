"""Rendering the editions: what the font check may take as printed without asking Typst."""

from __future__ import annotations

import unicodedata

from toolkit.editions.render import BASE_COVERAGE, _refused, unprintable


def test_every_letter_of_the_base_coverage_prints_in_a_pdf():
    # `unprintable` answers for these without a probe; Typst, with the fonts every PDF has, must agree.
    letters = [
        chr(code)
        for start, end in BASE_COVERAGE
        for code in range(start, end)
        if unicodedata.category(chr(code))[0] not in "MCZ" and not chr(code).isspace()
    ]
    assert len(letters) > 1500
    assert _refused(letters) is None


def test_letters_past_the_base_coverage_are_still_asked_about():
    # U+0501, of the Cyrillic supplement, is in no font of the PDF either.
    assert unprintable("Hola «señor» 😀 ԁ", ["es"]) == ["ԁ", "😀"]
