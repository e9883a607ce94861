"""Any document builds: a seed without a sidecar, and (below) other source formats.

What an edition needs and a seed does not say is made, with a warning
that says where to set it; the editions stay valid.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import polib
import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader

from toolkit.document.sidecar import DEFAULT_LABELS

from .conftest import APPEAL, Run, by_key, epubcheck_all, page_fonts, pdf_lang, pdf_text


def test_a_plain_text_seed_without_a_sidecar_builds_every_format(tmp_path: Path, run: Run):
    (tmp_path / "seeds").mkdir()
    shutil.copy(APPEAL / "seeds/appeal.txt", tmp_path / "seeds/rural_schools.txt")
    assert run(tmp_path, "extract").exit_code == 0
    assert run(tmp_path, "init", "--lang", "es").exit_code == 0
    updated = run(tmp_path, "update")
    assert updated.exit_code == 0
    hint = (
        "no title; the editions use 'Rural schools', made from the file name; "
        'set one in seeds/rural_schools.toml as [document] title = "..."'
    )
    assert f"seeds/rural_schools.txt:1: warning: {hint}" in updated.stderr
    assert 'msgctxt "title"\nmsgid "Rural schools"' in (tmp_path / "locale/rural_schools.pot").read_text()
    # Every reference is to a file there is: the default labels come from none, and name none (not a
    # sidecar that does not exist, whose link would fail in Poedit and Weblate).
    template = polib.pofile(str(tmp_path / "locale/rural_schools.pot"))
    assert {path for entry in template for path, _ in entry.occurrences} == {"seeds/rural_schools.txt"}
    assert not by_key(template, "label:notes").occurrences

    built = run(tmp_path, "build", "--lang", "all", "--format", "pdf", "--format", "epub", "--format", "docx")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/es"
    pdf = PdfReader(out / "rural_schools.pdf")
    assert pdf.metadata is not None and pdf.metadata.title == "Rural schools"
    assert "/StructTreeRoot" in pdf.root_object and pdf_lang(pdf) == "es-ES"
    opf = next(n for n in zipfile.ZipFile(out / "rural_schools.epub").namelist() if n.endswith(".opf"))
    package = zipfile.ZipFile(out / "rural_schools.epub").read(opf).decode()
    assert "<dc:title" in package
    assert "<dc:date" not in package  # no date known: none claimed (Pandoc's would be the build's epoch, 1980)
    check = epubcheck_all({"es": out / "rural_schools.epub"})["es"]
    assert check.valid and check.messages == []
    properties = DocxDocument(str(out / "rural_schools.docx")).core_properties
    assert properties.title == "Rural schools"
    assert (properties.created, properties.modified) == (None, None)  # undated: no 1980 claimed


MEMO = """\
We ask the council for three things:

1. Reopen the shelter on Lilac Street.
2. Meet the residents before the end of
March.
3. Fund the volunteers.

The shelter closed in December
2018. Since then nobody has answered. We will also:

\u2022 write to the mayor;
\u2022 hold a public meeting on
  the first Monday of April;
\u2022 keep the petition open.

- Ana Ruiz, for the committee

Signed, the residents' committee
"""
"""A memo as written in an e-mail: lists an item a line, wrapped lines, a year opening a line."""


def test_lists_written_an_item_a_line_stay_lists_in_every_edition(tmp_path: Path, run: Run):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/memo.txt").write_text(MEMO, "utf-8")
    assert run(tmp_path, "extract").exit_code == 0
    template = polib.pofile(str(tmp_path / "locale/memo.pot"))
    items = [entry for entry in template if entry.msgctxt.startswith("item:")]
    assert [entry.msgid for entry in items] == [
        "Reopen the shelter on Lilac Street.",
        "Meet the residents before the end of March.",
        "Fund the volunteers.",
        "write to the mayor;",
        "hold a public meeting on the first Monday of April;",
        "keep the petition open.",
        "Ana Ruiz, for the committee",
    ]
    assert [entry.comment for entry in items[2:4]] == [
        "Item 3 of a numbered list: the edition adds the number, do not type it.",
        "Item of a bulleted list.",
    ]
    # A year opening a wrapped line starts no item, and the paragraph keeps its words.
    assert by_key(template, "paragraph:the-shelter-closed-in-december-2018").msgid.startswith(
        "The shelter closed in December 2018. Since"
    )

    built = run(tmp_path, "build", "--lang", "en")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/en"
    page = zipfile.ZipFile(out / "memo.epub").read("EPUB/text/ch001.xhtml").decode()
    assert page.count("<ol") == 1 and page.count("<ul") == 2 and page.count("<li>") == 7
    assert "<li>hold a public meeting on the first Monday of April;</li>" in page and "\u2022" not in page
    styles = [
        (p.style.name if p.style else "", p.text) for p in DocxDocument(str(out / "memo.docx")).paragraphs if p.text
    ]
    assert ("List Number", "Meet the residents before the end of March.") in styles
    assert ("List Bullet", "keep the petition open.") in styles
    text = pdf_text(out / "memo.pdf")
    assert "1. Reopen the shelter" in text and "3. Fund the volunteers." in text
    assert "\u2022 write to the mayor;" in text and text.count("\u2022") == 4
    assert "Signed, the residents\u2019 committee" in text or "Signed, the residents' committee" in text


CLOSURE = """\
Regional Water Authority

The crossing at Puente Viejo will close on 3 March for repairs.[1] Ferries will run every thirty minutes.[2]

The Board

{heading}[1] Inspection report,
page 12.
[2] See the timetable at the ferry landing.
"""
"""A notice as typed in an e-mail: its notes one a line, under a heading of their own."""


@pytest.mark.parametrize("heading", ["Notes\n\n", "NOTES:\n", ""])
def test_notes_written_one_a_line_are_each_a_note(tmp_path: Path, run: Run, heading: str):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/notice.txt").write_text(CLOSURE.format(heading=heading), "utf-8")
    extracted = run(tmp_path, "extract")
    assert extracted.exit_code == 0 and "note" not in extracted.stderr, extracted.stderr
    template = polib.pofile(str(tmp_path / "locale/notice.pot"))
    assert {e.msgctxt: e.msgid for e in template if e.msgctxt.startswith("note:")} == {
        "note:1": "Inspection report, page 12.",
        "note:2": "See the timetable at the ferry landing.",
    }
    # The line that heads the notes is the heading the editions print, not a paragraph of the letter.
    assert [e.msgid for e in template if e.msgctxt.startswith(("paragraph:", "closing:"))] == [
        "Regional Water Authority",
        "The crossing at Puente Viejo will close on 3 March for repairs.[^1] "
        "Ferries will run every thirty minutes.[^2]",
        "The Board",
    ]

    built = run(tmp_path, "build", "--lang", "en", "--format", "epub", "--format", "pdf")
    assert built.exit_code == 0, built.output
    page = zipfile.ZipFile(tmp_path / "outputs/en/notice.epub").read("EPUB/text/ch001.xhtml").decode()
    assert page.count('role="doc-noteref"') == 2 and page.count('role="doc-footnote"') == 2
    text = pdf_text(tmp_path / "outputs/en/notice.pdf")
    assert "Inspection report, page 12." in text and "See the timetable" in text
    assert "[2]" not in text and "NOTES" not in text


def test_web_and_mail_addresses_in_a_plain_text_seed_are_links(tmp_path: Path, run: Run):
    """Typed as text, an address is still one a reader follows; a path on the writer's own computer is not."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/closure.txt").write_text(
        "The schedule is at https://example.org/closures/puente-viejo.html, and the map at www.example.org/map.\n\n"
        "Write to mailto:board@example.org with questions, or to press@example.org.[1]\n\n"
        "[1] Report, file:///Users/board/Desktop/report.pdf, page 12.\n",
        "utf-8",
    )
    assert run(tmp_path, "extract").exit_code == 0
    built = run(tmp_path, "build", "--lang", "en")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/en"
    links = {
        "https://example.org/closures/puente-viejo.html": "https://example.org/closures/puente-viejo.html",
        "https://www.example.org/map": "www.example.org/map",
        "mailto:board@example.org": "mailto:board@example.org",
        "mailto:press@example.org": "press@example.org",
    }
    page = zipfile.ZipFile(out / "closure.epub").read("EPUB/text/ch001.xhtml").decode()
    for target, shown in links.items():
        assert f'<a href="{target}"><span dir="ltr">{shown}</span></a>' in page
    assert '<span dir="ltr">file:///Users/board/Desktop/report.pdf</span>, page 12.' in page
    assert 'href="file:' not in page
    check = epubcheck_all({"en": out / "closure.epub"})["en"]
    assert check.valid and check.messages == []
    annotations = [a.get_object() for p in PdfReader(out / "closure.pdf").pages for a in p.get("/Annots", [])]
    assert {a["/A"]["/URI"] for a in annotations if "/URI" in a.get("/A", {})} == set(links)
    with zipfile.ZipFile(out / "closure.docx") as docx:
        relations = docx.read("word/_rels/document.xml.rels").decode()
    assert all(f'Target="{target}" TargetMode="External"' in relations for target in links)
    assert "file:" not in relations

    # A translation keeps the first address and writes another for the map: that one is printed, not linked.
    assert run(tmp_path, "init", "--lang", "es").exit_code == 0
    catalog_path = tmp_path / "locale/es/LC_MESSAGES/closure.po"
    catalog = polib.pofile(str(catalog_path))
    for entry in catalog:
        entry.msgstr = entry.msgid
    schedule = by_key(catalog, "paragraph:the-schedule-is-at-https-example")
    schedule.msgstr = (
        "El horario está en https://example.org/closures/puente-viejo.html, y el mapa en www.evil.example/mapa."
    )
    catalog.save(str(catalog_path))
    checked = run(tmp_path, "check", "--lang", "es")
    assert checked.exit_code == 0, checked.output
    assert "warning: [address] address missing: www.example.org/map" in checked.stdout
    assert run(tmp_path, "build", "--lang", "es", "--format", "epub").exit_code == 0
    page = zipfile.ZipFile(tmp_path / "outputs/es/closure.epub").read("EPUB/text/ch001.xhtml").decode()
    assert '<a href="https://example.org/closures/puente-viejo.html">' in page
    assert '<span dir="ltr">www.evil.example/mapa</span>.' in page and "evil.example/mapa</span></a>" not in page


COMMUNIQUE = """\
Les associations signataires dénoncent la fermeture du centre d’accueil de la rue des Lilas.

Le centre accueillait chaque nuit plus de deux cents personnes, dont des familles avec enfants.

Nous demandons sa réouverture immédiate.
"""


@pytest.mark.parametrize("name", ["communique.txt", "communique.md"])
def test_a_seed_in_another_language_that_declares_none_is_told_to(tmp_path: Path, run: Run, name: str):
    """Taken to be English, a French seed would give English editions of French words and no French one."""
    seed = tmp_path / "seeds" / name
    seed.parent.mkdir()
    seed.write_text(COMMUNIQUE, "utf-8")
    hint = (
        f"seeds/{name}:1: warning: the seed declares no language and does not read as English, which it is "
        'then taken to be; declare its language in seeds/communique.toml as [document] source_lang = "..." '
        "(fr, es, pt_BR...)"
    )
    assert hint in run(tmp_path, "extract").stderr
    # Declared in the sidecar, or in a manuscript's own metadata, it is taken as said.
    declared = [(seed.with_suffix(".toml"), '[document]\nsource_lang = "fr"\n')]
    if name.endswith(".md"):
        declared.append((seed, f"---\nlang: fr-FR\n---\n\n{COMMUNIQUE}"))
    for path, text in declared:
        path.write_text(text, "utf-8")
        result = run(tmp_path, "extract")
        assert result.exit_code == 0 and "declares no language" not in result.stderr, result.output
        seed.with_suffix(".toml").unlink(missing_ok=True)
        seed.write_text(COMMUNIQUE, "utf-8")
    # An English seed that declares nothing is English, as taken.
    seed.write_text(MEMO, "utf-8")
    assert "declares no language" not in run(tmp_path, "extract").stderr


def test_the_seeds_own_language_builds_without_a_catalog(tmp_path: Path, run: Run):
    """A Russian manuscript is its own Russian edition, alone and beside a translation, with no `ru` catalog."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/guide.md").write_text(
        "---\ntitle: Руководство для волонтёров\nlang: ru\n---\n\n# Введение\n\nДобро пожаловать[^a].\n\n"
        "[^a]: Полная версия доступна в офисе.\n",
        "utf-8",
    )
    assert run(tmp_path, "extract").exit_code == 0
    assert run(tmp_path, "init", "--lang", "en").exit_code == 0
    built = run(tmp_path, "build", "--lang", "ru", "--lang", "ru+en", "--format", "pdf", "--format", "epub")
    assert built.exit_code == 0, built.output
    assert "ru: warning" not in built.output  # nothing of the seed's own edition falls back
    assert not (tmp_path / "locale/ru").exists()
    pdf = PdfReader(tmp_path / "outputs/ru/guide.pdf")
    assert pdf_lang(pdf) == "ru-RU" and "Добро пожаловать" in pdf.pages[0].extract_text()
    assert (tmp_path / "outputs/ru+en/guide.epub").exists()
    missing = run(tmp_path, "build", "--lang", "de")
    assert missing.exit_code == 2 and "no catalog for 'de'" in missing.output
    # The translation's web page links back to the original, which has no catalog.
    assert run(tmp_path, "build", "--lang", "all", "--format", "html").exit_code == 0
    page = (tmp_path / "outputs/en/guide.html").read_text("utf-8")
    assert '<link rel="alternate" hreflang="ru" href="../ru/guide.html" />' in page
    assert 'href="../ru/guide.html" hreflang="ru" lang="ru"' in page
    # A catalog in the seed's own language corrects it: what it leaves empty is the seed's text, no fallback.
    assert run(tmp_path, "init", "--lang", "ru").exit_code == 0
    strict = run(tmp_path, "build", "--lang", "ru", "--format", "epub", "--strict")
    assert strict.exit_code == 0 and "ru: warning" not in strict.output, strict.output
    shutil.rmtree(tmp_path / "locale/en")  # the release builds every language strictly: English is not begun
    released = run(tmp_path, "dist")
    assert released.exit_code == 0, released.output
    manifest = json.loads(next((tmp_path / "outputs/dist").glob("*/manifest.json")).read_text("utf-8"))
    assert {e["translated"] for e in manifest["editions"] if e["language"] == "ru-RU"} == {100}  # as the build says
    path = tmp_path / "locale/ru/LC_MESSAGES/guide.po"
    catalog = polib.pofile(str(path))
    entry = catalog.find("Добро пожаловать[^1].")
    assert entry is not None
    entry.msgstr, entry.flags = "Добро пожаловать![^1]", ["fuzzy"]
    catalog.save(str(path))
    pending = run(tmp_path, "build", "--lang", "ru", "--format", "epub")
    assert "ru: warning: 1 of " in pending.stderr and "(0 untranslated, 1 fuzzy" in pending.stderr, pending.output


NOTICE = """---
title: 地域清掃のお知らせ
lang: ja
---

# 日時と場所

五月十日（土）午前九時から、緑町公園に集合してください。[^1]

雨天の場合は翌日に延期します。

[^1]: 集合場所は公園の東口です。
"""


def test_a_japanese_seed_is_keyed_by_its_words_and_prints_untranslated(tmp_path: Path, run: Run):
    """Keys come from the words of any script, so an inserted paragraph moves no translation.

    Its English edition, not yet translated, prints the Japanese with a Japanese font.
    """
    (tmp_path / "seeds").mkdir()
    seed = tmp_path / "seeds/notice.md"
    seed.write_text(NOTICE, "utf-8")
    extracted = run(tmp_path, "extract")
    assert extracted.exit_code == 0
    # Its own edition would head its notes "Notes": the editor is told where to write them in Japanese.
    assert (
        "seeds/notice.md:1: warning: the words the editions add (notes, contents, back, accessibility) are in "
        "English, the seed in 'ja'; write them in seeds/notice.toml under [labels]"
    ) in extracted.stderr
    keys = [e.msgctxt for e in polib.pofile(str(tmp_path / "locale/notice.pot")) if e.msgctxt]
    assert [k for k in keys if not k.startswith(("title", "label:"))] == [
        "heading:日時と場所",
        "paragraph:五月十日-土-午前九時から緑町公園に集合してく",
        "paragraph:雨天の場合は翌日に延期します",
        "note:集合場所は公園の東口です",
    ]
    assert run(tmp_path, "init", "--lang", "en").exit_code == 0
    # Each ideograph or kana is a word, as translators' tools count them: 9 + 5 + 24 + 14 + 12 in the seed.
    stats = json.loads(run(tmp_path, "stats", "--json").stdout)
    english = sum(len(text.split()) for text in DEFAULT_LABELS.values())
    assert [row["untranslated_words"] for row in stats] == [64 + english]
    catalog = tmp_path / "locale/en/LC_MESSAGES/notice.po"
    rain, translation = "paragraph:雨天の場合は翌日に延期します", "If it rains, we meet the next day."
    po = polib.pofile(str(catalog))
    by_key(po, rain).msgstr = translation
    po.save(str(catalog))
    seed.write_text(NOTICE.replace("雨天の場合", "飲み物を持ってきてください。\n\n雨天の場合"), "utf-8")
    assert run(tmp_path, "update").exit_code == 0
    assert by_key(polib.pofile(str(catalog)), rain).msgstr == translation
    # 「。」 ends the Japanese as "." the English: no end-punctuation warning.
    checked = run(tmp_path, "check", "--lang", "en")
    assert checked.exit_code == 0 and "end-punctuation" not in checked.output, checked.output
    formats = [arg for fmt in ("pdf", "epub", "docx", "html") for arg in ("--format", fmt)]
    built = run(tmp_path, "build", "--lang", "en", "--lang", "ja", "--lang", "ja+en", *formats)
    assert built.exit_code == 0, built.output
    pdf = PdfReader(tmp_path / "outputs/en/notice.pdf")
    assert "集合してください" in pdf.pages[0].extract_text()
    assert any("CJK" in str(font["/BaseFont"]) for font in page_fonts(pdf.pages[0]))
    # Untranslated, the new paragraph reads the same on both sides of the parallel edition: set once, across.
    page = (tmp_path / "outputs/ja+en/notice.html").read_text("utf-8")
    assert page.count("飲み物を持ってきてください") == 1
    assert 'class="subtitle"' not in page  # nor is the title, untranslated, set a second time as the parallel title
    epubs = {lang: tmp_path / f"outputs/{lang}/notice.epub" for lang in ("en", "ja", "ja+en")}
    for lang, check in epubcheck_all(epubs).items():  # headings' ids in Japanese, unique
        assert check.valid and check.messages == [], lang


def test_all_and_the_release_include_the_seeds_own_language(tmp_path: Path, run: Run):
    """A Japanese notice translated into English is released in Japanese too, which has no catalog."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/notice.md").write_text(NOTICE, "utf-8")
    (tmp_path / "seeds/notice.toml").write_text('[document]\nversion = "1.0"\n', "utf-8")
    assert run(tmp_path, "extract").exit_code == 0
    assert run(tmp_path, "init", "--lang", "en").exit_code == 0
    catalog = tmp_path / "locale/en/LC_MESSAGES/notice.po"
    po = polib.pofile(str(catalog))
    for number, entry in enumerate(po):
        entry.msgstr = f"English {number}." + ("[^1]" if "[^1]" in entry.msgid else "")
    po.save(str(catalog))
    built = run(tmp_path, "build", "--lang", "all", "--format", "epub")
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in (tmp_path / "outputs").iterdir() if not p.name.startswith(".")) == ["en", "ja"]
    released = run(tmp_path, "dist")
    assert released.exit_code == 0, released.output
    manifest = json.loads((tmp_path / "outputs/dist/notice-1.0/manifest.json").read_text("utf-8"))
    japanese = [e for e in manifest["editions"] if e["language"] == "ja-JP"]
    assert {e["format"] for e in japanese} == {"pdf", "epub", "docx"} and all(e["translated"] == 100 for e in japanese)


def test_a_notes_heading_that_falls_back_says_its_language(tmp_path: Path, run: Run):
    """An Arabic letter's heading of the notes, not yet translated, is Arabic, right to left, on a French page."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/rasala.txt").write_text(
        "نطالب بإلغاء نظام الكفالة[1].\n\nوتفضلوا بقبول الاحترام.\n\n[1] تقرير 2019.\n"
    )
    (tmp_path / "seeds/rasala.toml").write_text(
        '[document]\nsource_lang = "ar"\ntitle = "رسالة مفتوحة"\n\n[labels]\nnotes = "الهوامش"\n'
        'contents = "المحتويات"\nback = "العودة إلى النص"\naccessibility = "ملخص"\n'
    )
    assert run(tmp_path, "init", "--lang", "fr").exit_code == 0
    built = run(tmp_path, "build", "--lang", "fr", "--format", "epub", "--format", "html")
    assert built.exit_code == 0, built.output
    with zipfile.ZipFile(tmp_path / "outputs/fr/rasala.epub") as epub:
        page = epub.read("EPUB/text/ch001.xhtml").decode()
    heading = '<h2 class="notes-heading"><span lang="ar-EG" dir="rtl">الهوامش</span></h2>'
    assert heading in page
    assert heading in (tmp_path / "outputs/fr/rasala.html").read_text("utf-8")


def test_a_default_label_is_english_in_the_editions_of_a_seed_in_another_language(tmp_path: Path, run: Run):
    """A Chinese report without `[labels]` heads its notes "Notes": English, said so, until a catalog translates it."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/shou.md").write_text(
        "---\ntitle: 开放收容所\nlang: zh-CN\n---\n\n我们要求重新开放收容所。[^1]\n\n[^1]: 委员会的回答。\n", "utf-8"
    )
    assert run(tmp_path, "init", "--lang", "ja", "--lang", "fr").exit_code == 0
    french = polib.pofile(str(tmp_path / "locale/fr/LC_MESSAGES/shou.po"))
    by_key(french, "label:notes").msgstr = "Notes"
    french.save()
    built = run(tmp_path, "build", "--lang", "all", "--format", "epub")
    assert built.exit_code == 0, built.output

    def heading(lang: str) -> str:
        page = zipfile.ZipFile(tmp_path / f"outputs/{lang}/shou.epub").read("EPUB/text/ch001.xhtml").decode()
        return page.split('<h2 class="notes-heading">')[1].split("</h2>")[0]

    def contents(lang: str) -> str:
        nav = zipfile.ZipFile(tmp_path / f"outputs/{lang}/shou.epub").read("EPUB/nav.xhtml").decode()
        return nav.split('<h1 id="toc-title">')[1].split("</h1>")[0]

    # The seed's own edition, and one whose catalog left it: English, not Chinese.
    assert heading("zh") == heading("ja") == '<span lang="en">Notes</span>'
    assert contents("zh") == contents("ja") == '<span lang="en">Contents</span>'
    # Translated, it is the edition's own language.
    assert heading("fr") == "Notes"
