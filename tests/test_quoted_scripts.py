"""Names quoted in their own script: an English letter prints Hangul, Han and Devanagari with the system's Noto fonts.

Human-rights letters quote organisations and people as they write their
names. The PDF takes, after its languages' fonts, the installed Noto font
of each script its text quotes; only a character no installed font has
stops the build, with the remedy.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from toolkit.editions.pdf import unprintable
from toolkit.editions.typefaces import _named_script, char_script, noto_families, quoted_scripts, system_fonts

from .conftest import Run, page_fonts, pdf_text

KOREAN = "전국교직원노동조합"
CHINESE = "习近平"
HINDI = "भारत"
SEED = f"""---
title: On the detention of three teachers
---

We write about members of the Korean Teachers and Education Workers Union ({KOREAN}), detained last week.

We have written to President Xi Jinping ({CHINESE}) and to the embassy of {HINDI};
the Greek word λόγος needs no other font.
"""

TANGSA = "\U00016a70\U00016a71"
"""Two letters of the Tangsa script (Unicode 14), whose Noto font the system has not installed."""


def no_tangsa_font() -> None:
    if any(system_fonts().get(family) for family in noto_families("Tnsa")):
        pytest.skip("a Tangsa font is installed here")


def letter(tmp_path: Path, text: str = SEED, name: str = "letter.md") -> Path:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / name).write_text(text, "utf-8")
    return root


def test_the_scripts_a_text_quotes_are_found_han_first_in_the_languages_convention():
    assert quoted_scripts(f"{KOREAN} {CHINESE} {HINDI} λόγος", ["en"]) == ("Hans", "Deva", "Kore")
    # Han goes by the edition's language, then the source's, then kana beside it.
    assert quoted_scripts(CHINESE, ["en"], "ja") == ("Jpan",)
    assert quoted_scripts(CHINESE, ["zh_TW"]) == ()
    assert quoted_scripts(f"{CHINESE} ひらがな", ["en"]) == ("Jpan",)
    # The language's own script is its own font's, and no script is an emoji's.
    assert quoted_scripts(f"{HINDI} 😀", ["hi"]) == ()


def test_latin_letters_and_punctuation_have_the_scripts_their_unicode_names_give():
    """`char_script` answers them without CLDR's names of scripts; the answers are the names' own."""
    for code in [*range(0x250), *range(0x2000, 0x2070)]:
        char = chr(code)
        assert char_script(char) == _named_script(char), hex(code)
    assert char_script("é") == "Latn" and char_script("\u201c") == char_script("7") == ""


def test_the_font_check_takes_the_font_of_each_quoted_script():
    assert unprintable(f"{KOREAN} {CHINESE} {HINDI} 「引用」", ["en"]) == []
    assert unprintable(f"{KOREAN} {CHINESE} {HINDI} 😀", ["es"]) == ["😀"]


def test_an_english_letter_quoting_hangul_han_and_devanagari_prints_them(tmp_path: Path, run: Run):
    root = letter(tmp_path)
    result = run(root, "build", "--lang", "en", "--format", "pdf")
    assert result.exit_code == 0, result.output
    pdf = root / "outputs/en/letter.pdf"
    fonts = {str(font["/BaseFont"]) for page in PdfReader(pdf).pages for font in page_fonts(page)}
    assert any("NotoSerifCJK" in font for font in fonts), fonts
    assert any("NotoSerifDevanagari" in font for font in fonts), fonts
    text = pdf_text(pdf)
    for name in (KOREAN, CHINESE, HINDI, "λόγος"):
        assert name in text, (name, text)
    # Still not the system's fonts: none for a script the text does not quote.
    assert not any("Thai" in font or "Bengali" in font for font in fonts), fonts


def copied_into_spanish(root: Path, run: Run) -> None:
    """A Spanish catalog of ROOT's letter whose every translation is its source: the quoted names stay."""
    assert run(root, "init", "--lang", "es").exit_code == 0
    path = root / "locale/es/LC_MESSAGES/letter.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgid
    catalog.save(str(path))


def test_check_finds_the_quoted_names_printable(tmp_path: Path, run: Run):
    root = letter(tmp_path)
    copied_into_spanish(root, run)
    checked = run(root, "check", "--lang", "es")
    assert "[font]" not in checked.output, checked.output
    assert "entries checked" in checked.output


def test_an_emoji_still_stops_the_build_with_one_line(tmp_path: Path, run: Run):
    root = letter(tmp_path, SEED.replace("last week.", "last week 😀."))
    result = run(root, "build", "--lang", "en", "--format", "pdf")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: seeds/letter.md:5: no font of the PDF has '😀' (U+1F600 GRINNING FACE); "
        "replace or remove it in the seed, or make the other formats only (--format epub --format docx)\n"
    )


def test_a_script_with_no_installed_font_asks_for_one(tmp_path: Path, run: Run):
    no_tangsa_font()
    root = letter(tmp_path, SEED.replace("last week.", f"last week ({TANGSA})."))
    result = run(root, "build", "--lang", "en", "--format", "pdf")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: seeds/letter.md:5: no font of the PDF has '\U00016a70' (U+16A70 TANGSA LETTER OZ), "
        "'\U00016a71' (U+16A71 TANGSA LETTER OC); no Tangsa font is installed (Noto Sans Tangsa): "
        "install fonts-noto-core and fonts-noto-cjk, "
        'or name an installed font in seeds/letter.toml as [fonts] Tnsa = "Family"\n'
    )
    # `check` says the same of a translation that quotes it.
    copied_into_spanish(root, run)
    checked = run(root, "check", "--lang", "es")
    assert checked.exit_code == 1
    findings = [line for line in checked.output.splitlines() if "[font]" in line]
    assert len(findings) == 1 and "no Tangsa font is installed" in findings[0], checked.output


def test_a_korean_file_name_titles_the_english_pdf(tmp_path: Path, run: Run):
    root = letter(tmp_path, "We write about the union.\n", "보고서.md")
    result = run(root, "build", "--lang", "en", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert "보고서" in pdf_text(root / "outputs/en/보고서.pdf")


def test_a_file_name_no_font_prints_gets_the_advice_to_set_a_title(tmp_path: Path, run: Run):
    no_tangsa_font()
    root = letter(tmp_path, "We write about the union.\n", f"{TANGSA}.md")
    result = run(root, "build", "--lang", "en", "--format", "pdf")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: seeds/{TANGSA}.md:1: the title made from the file name has '\U00016a70' (U+16A70 TANGSA LETTER OZ), "
        "'\U00016a71' (U+16A71 TANGSA LETTER OC), which no font of the PDF has; "
        f'set a title in seeds/{TANGSA}.toml as [document] title = "..."\n'
    )
    (root / "seeds" / f"{TANGSA}.toml").write_text('[document]\ntitle = "Report"\n', "utf-8")
    assert run(root, "build", "--lang", "en", "--format", "pdf").exit_code == 0
