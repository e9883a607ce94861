"""The bilingual parallel edition: every segment beside its translation, notes once per language."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from toolkit.catalogs import store as catalogs
from toolkit.cli import cli
from toolkit.document.readers.plaintext import read_seed
from toolkit.editions.translate import apply_translations

from .conftest import REPO, copy_project, epubcheck_all, footnotes, part_langs, pdf_lang

SIDE_BY_SIDE = ("paragraph:", "closing:", "item:", "editor-note:", "addressee", "note:")
"""Segments set as a pair of cells (the rest go to metadata or headings)."""


@pytest.fixture(scope="module")
def parallel(tmp_path_factory: pytest.TempPathFactory):
    root = copy_project(REPO, tmp_path_factory.mktemp("bilingual"))
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--lang", "es+en"])
    document = read_seed(root / "seeds/letter.txt", root)
    texts = {}
    for lang in ("es", "en"):
        po = root / f"locale/{lang}/LC_MESSAGES/letter.po"
        translated, _ = apply_translations(document, catalogs.translations(po), lang)
        texts[lang] = {s.key: s for s in translated.segments()}
    return root, result, texts


def edition(root: Path, fmt: str) -> Path:
    return root / "outputs" / "es+en" / f"letter.{fmt}"


def plain(segment) -> str:
    return "".join(run for run in segment.content if isinstance(run, str))


def test_the_three_editions_are_written(parallel):
    _, result, _ = parallel
    assert result.exit_code == 0, result.output
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:3]] == [
        "outputs/es+en/letter.pdf",
        "outputs/es+en/letter.epub",
        "outputs/es+en/letter.docx",
    ]


def test_the_epub_pairs_every_segment_and_declares_both_languages(parallel):
    root, _, texts = parallel
    book = zipfile.ZipFile(edition(root, "epub"))
    assert re.findall(r"<dc:language>([^<]+)</dc:language>", book.read("EPUB/content.opf").decode()) == [
        "es-MX",
        "en-US",
    ]
    xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("EPUB/text/"))
    pairs = re.findall(
        r'<div class="pair[^"]*">\s*<div lang="es-MX">(.*?)</div>\s*<div lang="en-US">(.*?)</div>\s*</div>', xhtml, re.S
    )
    flat = [(re.sub(r"<[^>]+>", "", a), re.sub(r"<[^>]+>", "", b)) for a, b in pairs]
    shared = [
        re.sub(r"<[^>]+>", "", one)
        for one in re.findall(r'<div class="pair shared[^"]*">\s*<div lang="es-MX">(.*?)</div>\s*</div>', xhtml, re.S)
    ]
    for key, segment in texts["es"].items():
        if key.startswith(SIDE_BY_SIDE):
            start_es = " ".join(plain(segment).split()[:4]).replace("&", "&amp;")
            start_en = " ".join(plain(texts["en"][key]).split()[:4]).replace("&", "&amp;")
            if plain(segment) == plain(texts["en"][key]) and not key.startswith("note:"):  # once, across
                assert any(start_es in one for one in shared), key
            else:
                assert any(start_es in a and start_en in b for a, b in flat), key
    assert epubcheck_all({"bilingual": edition(root, "epub")})["bilingual"].messages == []


def test_each_note_stands_once_per_language_with_the_same_number(parallel):
    root, _, _ = parallel
    xhtml = "".join(
        zipfile.ZipFile(edition(root, "epub")).read(n).decode()
        for n in zipfile.ZipFile(edition(root, "epub")).namelist()
        if n.startswith("EPUB/text/")
    )
    for lang in ("es-mx", "en-us"):
        # Ids are the printed numbers (seed note 6 prints as 5), each note linked to and back from its call.
        ids = re.findall(rf'id="note-{lang}-(\d+)"', xhtml)
        assert sorted(map(int, ids)) == list(range(1, 9))
        for number in ids:
            assert re.search(
                rf'<a href="[^"#]*#note-{lang}-{number}" id="note-ref-{lang}-{number}"[^>]*doc-noteref', xhtml
            )
            assert re.search(
                rf'<div id="note-{lang}-{number}" class="note">\s*<p><a href="[^"#]*#note-ref-{lang}-{number}"'
                rf' class="note-back" role="doc-backlink">{number}\.</a>',
                xhtml,
            )


def test_the_pdf_starts_each_pair_at_the_same_height(parallel):
    root, _, texts = parallel
    reader = PdfReader(edition(root, "pdf"))
    assert pdf_lang(reader) == "es-MX"
    heights: dict[str, tuple[int, float]] = {}
    for number, page in enumerate(reader.pages):

        def visit(text, cm, tm, font, size, number=number):
            heights.setdefault(" ".join(text.split()[:3]), (number, round(cm[5], 1)))

        page.extract_text(visitor_text=visit)
    compared = 0
    for key, segment in texts["es"].items():
        if key.startswith(("paragraph:", "closing:")):
            es = heights.get(" ".join(plain(segment).split()[:3]))
            en = heights.get(" ".join(plain(texts["en"][key]).split()[:3]))
            if es and en:
                assert es == en, key
                compared += 1
    assert compared >= 8


def test_the_docx_sets_pairs_in_rows_and_each_note_as_a_word_footnote(parallel):
    root, _, texts = parallel
    xml = zipfile.ZipFile(edition(root, "docx")).read("word/document.xml").decode()
    rows = re.findall(r"<w:tr[ >].*?</w:tr>", xml, re.S)
    letter = read_seed(root / "seeds/letter.txt", root)
    spans = [row for row in rows if '<w:gridSpan w:val="2" />' in row]
    # What reads the same in both languages is one cell across: each addressee's
    # name, each group of organisations; the rest, two cells. (The sidecar leaves
    # the credit out: the photo it credits is not in the editions.)
    assert len(spans) == len(letter.addressees) + len(letter.signatories)
    assert all(len(re.findall(r"<w:tc>", row)) == 2 for row in rows if row not in spans)
    organisations = Counter(s.text for s in texts["es"].values() if s.key.startswith("org:"))
    for name, times in organisations.items():  # one organisation signs in both Mexico and Guatemala
        assert xml.count(f">{name}<") == times, name  # never printed twice for its two languages
    # One Word footnote per note and language, called from its column, each
    # with the note's printed number on both sides (not Word's running count).
    notes = {i: t for i, t in footnotes(edition(root, "docx")).items() if i > 0}
    assert len(notes) == 2 * len(letter.notes)
    assert [t for t in notes.values() if "Kirk Semple" in t][:2] == [
        "1 " + plain(texts["es"]["note:1"]).strip(),
        "1 " + plain(texts["en"]["note:1"]).strip(),
    ]
    numbers = sorted(int(t.split()[0]) for t in notes.values())
    assert numbers == sorted(2 * list(range(1, len(letter.notes) + 1)))
    calls = re.findall(r'<w:footnoteReference w:customMarkFollows="1" w:id="\d+" /><w:t>(\d+)</w:t>', xml)
    assert sorted(map(int, calls)) == numbers
    assert "footnote-mark-" not in zipfile.ZipFile(edition(root, "docx")).read("word/footnotes.xml").decode()
    assert "note-es-mx" not in xml  # no notes section, no links to one


def test_a_pair_needs_two_different_languages(tmp_path: Path):
    root = copy_project(REPO, tmp_path / "p")
    for request, message in (
        ("es+es", "pairs two languages"),
        ("es+en+fr", "pairs two languages"),
        ("es+xx", "unknown language 'xx'"),
    ):
        result = CliRunner().invoke(cli, ["-C", str(root), "build", "--lang", request])
        assert result.exit_code == 2 and message in result.stderr


def test_the_pdf_links_inside_itself_and_tags_each_column_with_its_language(parallel):
    root, _, _ = parallel
    reader = PdfReader(edition(root, "pdf"))
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    # 8 notes, each called and linked back, in both languages: destinations in the file, no URI actions.
    assert len(links) == 32 and all("/Dest" in link and "/A" not in link for link in links)
    assert pdf_lang(reader) == "es-MX" and set(part_langs(reader)) == {"en-US"}  # the English column's own region


def test_a_right_to_left_column_starts_on_the_right(tmp_path: Path):
    """In an English and Hebrew edition the Hebrew column is set from its right edge, its short lines included."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/notice.md").write_text(
        "---\ntitle: Notice\n---\n\n# Summary\n\nThe well in the north of the valley is dry again this summer, "
        "and the board will meet to decide what to repair first.\n",
        "utf-8",
    )
    hebrew = {
        "title": "הודעה",
        "heading:summary": "סיכום",
        "paragraph:the-well-in-the-north-of": "הבאר בצפון העמק יבשה שוב בקיץ הזה, "
        "והוועד ייפגש כדי להחליט מה לתקן קודם.",
    }
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(tmp_path), "extract"]).exit_code == 0
    assert runner.invoke(cli, ["-C", str(tmp_path), "init", "--lang", "he"]).exit_code == 0
    path = tmp_path / "locale/he/LC_MESSAGES/notice.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = hebrew.get(entry.msgctxt, "")
    catalog.save(str(path))
    formats = [arg for fmt in ("pdf", "epub", "docx", "html") for arg in ("--format", fmt)]
    built = runner.invoke(cli, ["-C", str(tmp_path), "build", "--lang", "en+he", *formats])
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/en+he"
    # A browser, a reading system and Word take the direction from `dir` (Word: w:bidi), not from the language.
    page = (out / "notice.html").read_text("utf-8")
    assert '<p class="subtitle"><span lang="he-IL" dir="rtl">הודעה</span></p>' in page  # the parallel title
    book = zipfile.ZipFile(out / "notice.epub")
    xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    for markup in (page, xhtml):
        columns = re.findall(r'<(?:div|section)[^>]* lang="he-IL"[^>]*>', markup)
        assert len(columns) >= 2 and all(' dir="rtl"' in column for column in columns), columns
        assert 'dir="ltr"' not in markup  # the English column runs as the page does
    word = zipfile.ZipFile(out / "notice.docx").read("word/document.xml").decode()
    paragraphs = re.findall(r"<w:p>.*?</w:p>", word, flags=re.S)
    in_hebrew = [p for p in paragraphs if "הבאר" in p or "סיכום" in p]
    assert len(in_hebrew) == 2 and all("<w:bidi />" in p for p in in_hebrew)
    assert not any("<w:bidi />" in p for p in paragraphs if "Summary" in p)
    starts: dict[str, float] = {}

    def visit(text, cm, tm, font, size) -> None:
        for word in text.split():
            starts.setdefault(word, cm[4] + tm[4])  # where the word's text is drawn from, on its left

    PdfReader(tmp_path / "outputs/en+he/notice.pdf").pages[0].extract_text(visitor_text=visit)
    # The English column starts at the margin; the Hebrew column's first words end a line on its right edge,
    # so they are drawn from further right than the rest of the paragraph's line, and the heading too.
    column = min(x for word, x in starts.items() if "\u0590" <= word[0] <= "\u05ff")
    assert starts["Summary"] < column
    assert starts["סיכום"] > column + 100
    assert starts["הבאר"] > column + 100


CAPTIONED = """---
title: Wells
---

| Board | Seats |
|-------|------:|
| North | 3     |

| District | Wells |
|----------|------:|
| North    | 4     |

Table: Wells per district

![A map of the wells](map.png)

| Well  | Depth |
|-------|------:|
| North | 40 m  |

Table: Depths of the wells

![The new pump](map.png)
"""

CAPTIONS = {
    "he": {
        "caption:wells-per-district": "בארות לפי מחוז",
        "caption:a-map-of-the-wells": "מפת הבארות",
        "caption:depths-of-the-wells": "עומק הבארות",
        "caption:the-new-pump": "המשאבה החדשה",
    },
    "ko": {
        "caption:wells-per-district": "지역별 우물",
        "caption:a-map-of-the-wells": "우물 지도",
        "caption:depths-of-the-wells": "우물의 깊이",
        "caption:the-new-pump": "새 펌프",
    },
}
"""The captions translated; the cells are left to fall back, so the table with no caption reads the same in both."""


@pytest.mark.parametrize(("lang", "names"), [("he", ("טבלה", "איור")), ("ko", ("표", "그림"))])
def test_each_table_and_figure_has_the_same_number_on_both_sides(tmp_path: Path, lang: str, names: tuple[str, str]):
    """The first captioned table is Table 1 in both columns: neither the other column nor a layout table is counted."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/wells.md").write_text(CAPTIONED, "utf-8")
    shutil.copy(REPO / "tests/data/report/seeds/map.png", tmp_path / "seeds/map.png")
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(tmp_path), "extract"]).exit_code == 0
    assert runner.invoke(cli, ["-C", str(tmp_path), "init", "--lang", lang]).exit_code == 0
    path = tmp_path / f"locale/{lang}/LC_MESSAGES/wells.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = CAPTIONS[lang].get(entry.msgctxt, "")
    catalog.save(str(path))
    for langs in (f"{lang}+en", "en"):
        built = runner.invoke(cli, ["-C", str(tmp_path), "build", "--lang", langs, "--format", "pdf"])
        assert built.exit_code == 0, built.output
    table, figure = names

    def numbers(langs: str) -> list[tuple[str, int]]:
        text = "".join(page.extract_text() for page in PdfReader(tmp_path / f"outputs/{langs}/wells.pdf").pages)
        return [(name, int(number)) for name, number in re.findall(rf"(Table|Figure|{table}|{figure})\s*(\d+)", text)]

    english = [("Table", 1), ("Figure", 1), ("Table", 2), ("Figure", 2)]
    translated = [(table, 1), (figure, 1), (table, 2), (figure, 2)]
    assert numbers("en") == english  # the table with no caption has no number, and takes none
    found = numbers(f"{lang}+en")
    assert [pair for pair in found if pair[0] in ("Table", "Figure")] == english
    assert [pair for pair in found if pair[0] not in ("Table", "Figure")] == translated
