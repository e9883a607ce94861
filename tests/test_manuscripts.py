"""A Markdown manuscript and the same manuscript as Word, through the whole workflow.

The report (tests/data/report/seeds/report.md) has every construct the
Markdown reader takes: YAML metadata, headings, emphasis, strong, inline
code, links (one shown as its address), an image, numbered, bulleted and
nested lists, a block quote of two paragraphs, a table with a caption,
and footnotes labelled `[^sources]`, `[^2]` and `[^quote]`, one of two
paragraphs. Downstream of the reader it runs the same code as the letter.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import polib
import pypandoc
import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from toolkit.cli import cli
from toolkit.document.sidecar import DEFAULT_LABELS

from .conftest import APPEAL, by_key, copy_project, epubcheck_all, footnotes, pdf_lang, pdf_text

REPORT = Path(__file__).resolve().parent / "data" / "report"
MOVED = "paragraph:the-board-met-on-2-april"
MOVED_TEXT = (
    "The board met on <1>2 April</1> to review the <2>water supply</2> of the valley.[^1] "
    "The minutes are on the <3>board’s page</3> and the meter readings are filed under <4>WB-7</4>."
)

SPANISH = {
    "title": "Agua para el valle",
    "creator": "La Junta del Agua del Valle",
    "label:notes": "Notas",
    "label:contents": "Índice",
    "label:back": "Volver al texto",
    "label:accessibility": "Esta publicación cumple EPUB Accessibility 1.1 y las WCAG 2.2, nivel AA.",
    "heading:summary": "Resumen",
    # The emphasis moves from the date to «valle»; the link stays on the translated phrase.
    MOVED: "La junta se reunió el 2 de abril para revisar el <2>suministro de agua</2> del <1>valle</1>.[^1] "
    "Las actas están en la <3>página de la junta</3> y las lecturas se archivan como <4>WB-7</4>.",
    "caption:a-map-of-the-valleys-wells": "Un mapa de los pozos del valle",
    "heading:findings": "Conclusiones",
    "item:three-wells-are-dry": "Tres pozos están <1>secos</1>.",
    "item:the-mill-well-which-has-no": "el pozo del molino, que <1>no tiene bomba</1>.",
    "quote:the-valley-cannot-wait-another-summer": "El valle no puede esperar otro verano.[^3]",
    "cell:well": "Pozo",
    "cell:state": "Estado",
    "cell:dry": "<1>seco</1>",
    "caption:the-wells-of-the-valley": "Los pozos del valle.",
    "paragraph:write-to-the-board-at-https": "Escriba a la junta en <1>https://example.org/contact</1>.",
    "note:minutes-of-the-board-2-april": "Actas de la junta, 2 de abril de 2025.",
    "note:minutes-of-the-board-2-april.2": "Las actas son públicas y pueden copiarse.",
}


def toolkit(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def translate(root: Path, lang: str, translations: dict[str, str], domain: str = "report") -> Path:
    """Fill the catalog of LANG: the given translations, the source text for the rest."""
    path = root / f"locale/{lang}/LC_MESSAGES/{domain}.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = translations.get(entry.msgctxt, entry.msgid)
    catalog.save(str(path))
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(REPORT, tmp_path_factory.mktemp("report"))
    extracted = toolkit(root, "extract")
    assert extracted.exit_code == 0 and extracted.stderr == "", extracted.output
    assert toolkit(root, "init", "--lang", "es", "--lang", "en").exit_code == 0
    translate(root, "es", SPANISH)
    translate(root, "en", {})
    return root


def entries(root: Path, domain: str = "report") -> dict[str, polib.POEntry]:
    return {entry.msgctxt: entry for entry in polib.pofile(str(root / f"locale/{domain}.pot"))}


def text_msgids(root: Path, domain: str) -> dict[str, str]:
    """The template's msgids by key, but the labels the editions add: what the document itself says."""
    return {key: entry.msgid for key, entry in entries(root, domain).items() if not key.startswith("label:")}


def test_the_template_has_one_segment_per_unit_with_placeholders_and_no_addresses(report: Path):
    template = entries(report)
    moved = template[MOVED]
    assert moved.msgid == MOVED_TEXT
    assert moved.occurrences == [("seeds/report.md", "10")]
    assert "<3>…</3> a link to https://example.org/board" in moved.comment
    assert not any("example.org/board" in entry.msgid for entry in template.values())
    # One segment per table cell, the caption after them, in reading order.
    cells = [key for key in template if key.startswith("cell:")]
    assert cells == [f"cell:{c}" for c in ("well", "depth", "state", "north", "40-m", "dry", "mill", "25-m", "repair")]
    # Footnotes by any label, numbered in reading order; a note of two paragraphs is two entries.
    notes = [key for key in template if key.startswith("note:")]
    assert notes == [
        "note:minutes-of-the-board-2-april",
        "note:minutes-of-the-board-2-april.2",
        "note:dug-in-march-at-the-boards",
        "note:said-by-a-farmer-during-the",
    ]
    assert template["item:one-new-well-was-dug"].msgid == "One new well was dug.[^2]"
    assert template["quote:the-valley-cannot-wait-another-summer"].msgid.endswith("[^3]")
    assert template["title"].msgid == "Water for the Valley" and template["creator"].msgid == "The Valley Water Board"
    assert template["caption:a-map-of-the-valleys-wells"].msgid == "A map of the valley’s wells"


def test_the_translations_pass_check(report: Path):
    result = toolkit(report, "check")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout


def test_every_format_carries_the_moved_formatting(report: Path):
    result = toolkit(report, "build", "--lang", "es", *(f"--format={f}" for f in ("pdf", "epub", "docx", "html")))
    assert result.exit_code == 0, result.output
    out = report / "outputs/es"
    book = zipfile.ZipFile(out / "report.epub")
    xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert "del <em>valle</em>." in xhtml and "<em>2 April</em>" not in xhtml
    assert '<a href="https://example.org/board" title="The board">página de la junta</a>' in xhtml
    assert "<code>WB-7</code>" in xhtml and "<strong>suministro de agua</strong>" in xhtml
    assert re.search(r"<ol>\s*<li>.*?<ul>\s*<li>\s*el pozo del molino", xhtml, re.S) is None  # nested in item 2
    assert re.search(r"<ul>\s*<li>the north well;</li>\s*<li>el pozo del molino", xhtml)
    assert "<blockquote>" in xhtml and "<th" in xhtml and "Los pozos del valle." in xhtml
    assert any(name.endswith(".png") for name in book.namelist())
    # A book with an image is read visually too, its caption its text alternative: the package says so.
    opf = next(book.read(n).decode() for n in book.namelist() if n.endswith(".opf"))
    assert '<meta property="schema:accessMode">visual</meta>' in opf
    assert '<meta property="schema:accessibilityFeature">alternativeText</meta>' in opf
    assert "Un mapa de los pozos del valle" in xhtml
    check = epubcheck_all({"es": out / "report.epub"})["es"]
    assert check.valid and check.messages == []

    text = pdf_text(out / "report.pdf")
    assert "Agua para el valle" in text and "página de la junta" in text and "Pozo" in text
    pdf = PdfReader(out / "report.pdf")
    assert pdf_lang(pdf) == "es-ES" and "/StructTreeRoot" in pdf.root_object

    notes = footnotes(out / "report.docx")
    assert [notes[i] for i in sorted(i for i in notes if i > 0)] == [
        "Actas de la junta, 2 de abril de 2025.Las actas son públicas y pueden copiarse.",
        "Dug in March, at the board’s expense.",
        "Said by a farmer during the open session.",
    ]
    page = (out / "report.html").read_text()
    assert 'href="https://example.org/contact"><span dir="ltr">https://example.org/contact</span></a>' in page


def test_the_parallel_edition_and_the_release(report: Path):
    result = toolkit(report, "build", "--lang", "es+en", "--format", "epub", "--format", "pdf", "--format", "docx")
    assert result.exit_code == 0, result.output
    book = zipfile.ZipFile(report / "outputs/es+en/report.epub")
    xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert "Pozo" in xhtml and "Well" in xhtml and "página de la junta" in xhtml
    check = epubcheck_all({"pair": report / "outputs/es+en/report.epub"})["pair"]
    assert check.valid and check.messages == [], check.messages

    released = toolkit(report, "dist")
    assert released.exit_code == 0, released.output
    manifest = json.loads((report / "outputs/dist/report-1.0.0/manifest.json").read_text())
    assert {row["file"] for row in manifest["editions"]} >= {"report-1.0.0-es.pdf", "report-1.0.0-en.epub"}


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("La junta: <2>agua</2>.[^1] <3>página</3> <4>WB-7</4>.", "placeholder lost: <1>"),
        ("<1>La</1> <1>junta</1> <2>agua</2>.[^1] <3>página</3> <4>WB-7</4>.", "placeholder doubled: <1>"),
        ("<1>La</1> <2>agua</2>.[^1] <3>página</3> <4>WB-7</4> <5>nuevo</5>.", "placeholder invented: <5>"),
        ("<1>La <2>agua</1></2>.[^1] <3>página</3> <4>WB-7</4>.", "placeholders unbalanced: </1> closes inside <2>"),
        (
            "<1>La<1> <2>agua</2>.[^1] <3>página</3> <4>WB-7</4>.",
            "placeholder <1> opened twice and never closed: write the second as </1>",
        ),
    ],
)
def test_a_placeholder_problem_is_a_check_error_and_the_build_falls_back(
    report: Path, tmp_path: Path, translation: str, problem: str
):
    root = copy_project(report, tmp_path)
    path = translate(root, "es", {**SPANISH, MOVED: translation})
    lines = path.read_text().splitlines()
    line = lines.index(f'msgctxt "{MOVED}"') + 1
    checked = toolkit(root, "check", "--lang", "es")
    assert checked.exit_code == 1
    finding = next(ln for ln in checked.stdout.splitlines() if "[placeholder]" in ln)
    assert finding.startswith("locale/es/LC_MESSAGES/report.po:") and f"error: [placeholder] {problem}" in finding
    assert line < int(finding.split(":")[1]) < line + 12
    built = toolkit(root, "build", "--lang", "es", "--format", "epub")
    assert built.exit_code == 0
    assert f"{MOVED}: {problem}; the source text is used" in built.stderr
    book = zipfile.ZipFile(root / "outputs/es/report.epub")
    assert "<em>2 April</em>" in "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))


def test_an_address_shown_as_text_cannot_change_and_markup_stays_text(report: Path, tmp_path: Path):
    root = copy_project(report, tmp_path)
    changed = "Escriba a la junta en <1>https://example.es/contacto</1>."
    raw = 'La junta: <2>agua</2> del <1>valle</1>.[^1] <a href="https://evil.example">x</a> <3>p</3> <4>WB-7</4>.'
    translate(root, "es", {**SPANISH, "paragraph:write-to-the-board-at-https": changed, MOVED: raw})
    checked = toolkit(root, "check", "--lang", "es")
    assert "error: [link-address] address changed: <1>https://example.org/contact</1>" in checked.stdout
    assert "[markup] HTML tag <a" in checked.stdout
    built = toolkit(root, "build", "--lang", "es", "--format", "epub")
    book = zipfile.ZipFile(root / "outputs/es/report.epub")
    xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert "example.es" not in xhtml and "https://example.org/contact</span></a>" in xhtml  # that segment fell back
    text = re.sub(r"<[^>]*>", "", xhtml)  # the words, without the span that sets an address left to right
    # The tag is printed, not made a link to x (the address in it is a link to itself, as any in the text).
    assert '&lt;a href="https://evil.example"&gt;x&lt;/a&gt;' in text and ">x</a>" not in xhtml
    assert built.exit_code == 0


@pytest.mark.parametrize("suffix", ["docx", "odt", "html"])
def test_the_same_report_as_word_odt_or_html_builds_every_format(tmp_path: Path, suffix: str):
    """The report as Pandoc writes it in another format goes through the same reader and editions."""
    (tmp_path / "seeds").mkdir()
    seed = tmp_path / f"seeds/report.{suffix}"
    subprocess.run(
        [pypandoc.get_pandoc_path(), "--from=markdown", f"--to={suffix}", "--standalone", "--output", str(seed)],
        input=(REPORT / "seeds/report.md").read_bytes(),
        cwd=REPORT / "seeds",
        check=True,
    )
    if suffix == "html":  # a web page names its images as the Markdown did
        shutil.copy(REPORT / "seeds/map.png", tmp_path / "seeds/map.png")
    extracted = toolkit(tmp_path, "extract")
    assert extracted.exit_code == 0, extracted.output
    theirs = entries(tmp_path)
    markdown = {key: e.msgid for key, e in entries_of_markdown().items()}
    assert theirs["title"].msgid == "Water for the Valley"
    assert theirs[MOVED].msgid == markdown[MOVED]
    assert [k for k in theirs if k.startswith("note:")] == [k for k in markdown if k.startswith("note:")]
    assert [k for k in theirs if k.startswith("cell:")] == [k for k in markdown if k.startswith("cell:")]
    assert toolkit(tmp_path, "init", "--lang", "es").exit_code == 0
    translate(tmp_path, "es", SPANISH)
    built = toolkit(tmp_path, "build", "--lang", "es")
    assert built.exit_code == 0, built.output
    assert "Actas de la junta" in " ".join(footnotes(tmp_path / "outputs/es/report.docx").values())
    assert "página de la junta" in pdf_text(tmp_path / "outputs/es/report.pdf")
    # The map goes into every edition, from inside the Word or ODT file as from beside the page, its
    # caption its text for readers (the ODT's a paragraph of its own to Pandoc, read back as the caption).
    assert "image" not in built.output
    assert theirs["caption:a-map-of-the-valleys-wells"].msgid == markdown["caption:a-map-of-the-valleys-wells"]
    map_png = (REPORT / "seeds/map.png").read_bytes()
    for edition in ("epub", "docx"):
        with zipfile.ZipFile(tmp_path / f"outputs/es/report.{edition}") as book:
            assert [n for n in book.namelist() if n.endswith(".png") and book.read(n) == map_png], edition
    assert sum(len(page.images) for page in PdfReader(tmp_path / "outputs/es/report.pdf").pages) == 1


def entries_of_markdown() -> dict[str, polib.POEntry]:
    from toolkit.commands.catalog import Project

    document = Project(REPORT).read(REPORT / "seeds/report.md")
    return {s.key: polib.POEntry(msgctxt=s.key, msgid=s.text) for s in document.segments()}


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_words_in_another_language_keep_it_in_every_edition(tmp_path: Path, suffix: str):
    """WCAG's language of parts: a screen reader speaks a French motto in French, in each edition and translation."""
    (tmp_path / "seeds").mkdir()
    words = "The motto was <1>liberté, égalité</1>, and under it <2>أهلا وسهلا</2>."
    if suffix == "md":
        source = "---\ntitle: Names\nlang: en\n---\n\nThe motto was [liberté, égalité]{lang=fr}, and under it "
        source += '<span lang="ar">أهلا وسهلا</span>.\n\nThe founder wrote <span lang="xx-nowhere">hm</span>.\n'
    else:
        source = '<html lang="en"><head><title>Names</title></head><body><p>The motto was <span lang="fr">'
        source += 'liberté, égalité</span>, and under it <span lang="ar">أهلا وسهلا</span>.</p>\n'
        source += '<p>The founder wrote <span lang="xx-nowhere">hm</span>.</p></body></html>\n'
    (tmp_path / f"seeds/names.{suffix}").write_text(source, "utf-8")
    extracted = toolkit(tmp_path, "extract")
    assert extracted.exit_code == 0, extracted.output
    line = {"md": 8, "html": 2}[suffix]
    unknown = "language 'xx-nowhere' of a span is none Babel knows; its words are kept unmarked"
    assert f"seeds/names.{suffix}:{line}: warning: {unknown}" in extracted.stderr
    paragraphs = [e for e in polib.pofile(str(tmp_path / "locale/names.pot")) if e.msgctxt.startswith("paragraph:")]
    assert [e.msgid for e in paragraphs] == [words, "The founder wrote hm."]
    entry = paragraphs[0]
    assert "<1>…</1> words in French (fr)" in entry.comment and "<2>…</2> words in Arabic (ar)" in entry.comment

    assert toolkit(tmp_path, "init", "--lang", "es").exit_code == 0
    translated = "El lema era <1>liberté, égalité</1>, y debajo <2>أهلا وسهلا</2>."
    catalog = polib.pofile(str(tmp_path / "locale/es/LC_MESSAGES/names.po"))
    for item in catalog:
        item.msgstr = translated if item.msgctxt == entry.msgctxt else item.msgid
    catalog.save()
    built = toolkit(tmp_path, "build", "--lang", "es")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/es"
    page = zipfile.ZipFile(out / "names.epub").read("EPUB/text/ch001.xhtml").decode()
    assert '<span lang="fr">liberté, égalité</span>' in page
    assert '<span lang="ar" dir="rtl">أهلا وسهلا</span>' in page
    assert epubcheck_all({"es": out / "names.epub"})["es"].valid
    document = zipfile.ZipFile(out / "names.docx").read("word/document.xml").decode()
    assert '<w:lang w:val="fr" />' in document and '<w:lang w:val="ar" />' in document
    assert "El lema era liberté, égalité" in pdf_text(out / "names.pdf")


def test_the_letter_keeps_its_reader_and_its_template(tmp_path: Path):
    root = copy_project(Path(__file__).resolve().parent.parent, tmp_path)
    shutil.copy(REPORT / "seeds/report.md", root / "seeds/report.md")
    shutil.copy(REPORT / "seeds/map.png", root / "seeds/map.png")
    before = (root / "locale/letter.pot").read_bytes()
    assert toolkit(root, "extract").exit_code == 0
    assert (root / "locale/letter.pot").read_bytes() == before


def test_paragraphs_that_open_alike_are_referenced_at_their_own_lines(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    lines = ["# Plans", "", "We will return in May.", "", "We will return in June.", "", "- We will return in July."]
    (tmp_path / "seeds" / "plans.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert toolkit(tmp_path, "extract").exit_code == 0
    template = entries(tmp_path, "plans")
    found = {key: entry.occurrences for key, entry in template.items() if "we-will-return" in key}
    assert found == {
        "paragraph:we-will-return-in-may": [("seeds/plans.md", "3")],
        "paragraph:we-will-return-in-june": [("seeds/plans.md", "5")],
        "item:we-will-return-in-july": [("seeds/plans.md", "7")],
    }


def word_minutes(path: Path) -> None:
    """Write a DOCX as Word makes one: a Title paragraph, Heading 1s, a List Number list, a footnote.

    python-docx writes everything but the footnote, which is added as Word
    keeps it: `word/footnotes.xml` (ids -1 and 0 the separators), referenced from a run.
    """
    import io

    from docx import Document as WordDocument

    document = WordDocument()
    document.core_properties.title = "Minutes of the Spring Meeting"
    document.add_paragraph("Minutes of the Spring Meeting", style="Title")
    document.add_paragraph("Attendance", style="Heading 1")
    document.add_paragraph("Eleven members attended the meeting.")
    document.add_paragraph("Decisions", style="Heading 1")
    for text in ("Repair the mill well.", "Dig a new well.", "Publish the accounts."):
        document.add_paragraph(text, style="List Number")
    made = io.BytesIO()
    document.save(made)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Three members sent apologies.</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )
    reference = (
        '</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    )
    relationship = (
        '<Relationship Id="rIdNotes" Target="footnotes.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/>'
    )
    override = (
        '<Override PartName="/word/footnotes.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    )
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            edits = {
                "word/document.xml": ("attended the meeting.</w:t></w:r>", "attended the meeting." + reference),
                "word/_rels/document.xml.rels": ("</Relationships>", relationship + "</Relationships>"),
                "[Content_Types].xml": ("</Types>", override + "</Types>"),
            }
            if info.filename in edits:
                old, new = edits[info.filename]
                data = data.decode().replace(old, new, 1).encode()
            target.writestr(info, data)
        target.writestr("word/footnotes.xml", notes)


def test_a_word_manuscript_in_words_own_conventions(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    word_minutes(tmp_path / "seeds/minutes.docx")
    extracted = toolkit(tmp_path, "extract")
    assert extracted.exit_code == 0 and extracted.stderr == "", extracted.output
    template = entries(tmp_path, "minutes")
    assert {key: entry.msgid for key, entry in template.items()} == {
        "title": "Minutes of the Spring Meeting",
        **{f"label:{name}": text for name, text in DEFAULT_LABELS.items()},
        "heading:attendance": "Attendance",
        "paragraph:eleven-members-attended-the-meeting": "Eleven members attended the meeting.[^1]",
        "heading:decisions": "Decisions",
        "item:repair-the-mill-well": "Repair the mill well.",
        "item:dig-a-new-well": "Dig a new well.",
        "item:publish-the-accounts": "Publish the accounts.",
        "note:three-members-sent-apologies": "Three members sent apologies.",
    }
    assert "Item 3 of a numbered list" in template["item:publish-the-accounts"].comment
    # Word has no lines: a reference counts its paragraphs from the title, and a note is where it is called.
    paragraphs = {key: [int(line) for _, line in entry.occurrences] for key, entry in template.items()}
    assert {key: lines for key, lines in paragraphs.items() if not key.startswith("label:")} == {
        "title": [1],
        "heading:attendance": [2],
        "paragraph:eleven-members-attended-the-meeting": [3],
        "heading:decisions": [4],
        "item:repair-the-mill-well": [5],
        "item:dig-a-new-well": [6],
        "item:publish-the-accounts": [7],
        "note:three-members-sent-apologies": [3],
    }
    assert toolkit(tmp_path, "init", "--lang", "es").exit_code == 0
    path = tmp_path / "locale/es/LC_MESSAGES/minutes.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = {
            "title": "Acta de la reunión de primavera",
            "paragraph:eleven-members-attended-the-meeting": "Asistieron once miembros.[^1]",
            "note:three-members-sent-apologies": "Tres miembros se excusaron.",
        }.get(entry.msgctxt, "")
    catalog.save(str(path))
    built = toolkit(tmp_path, "build", "--lang", "es")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/es"
    assert [text for id, text in footnotes(out / "minutes.docx").items() if id > 0] == ["Tres miembros se excusaron."]
    assert "Acta de la reunión de primavera" in pdf_text(out / "minutes.pdf")
    book = zipfile.ZipFile(out / "minutes.epub")
    xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    # Left untranslated, the item keeps its English and says so.
    assert re.search(r'<ol[^>]*>\s*<li>\s*(<p>)?<span lang="en-US">Repair the mill well.', xhtml)
    check = epubcheck_all({"es": out / "minutes.epub"})["es"]
    assert check.valid and check.messages == []


def _seed(kind: str, root: Path) -> str:
    """Put the seed of KIND into ROOT/seeds and return its name."""
    (root / "seeds").mkdir()
    if kind == "plain text":
        shutil.copy(Path(__file__).resolve().parent.parent / "seeds/letter.txt", root / "seeds/letter.txt")
        shutil.copy(Path(__file__).resolve().parent.parent / "seeds/letter.toml", root / "seeds/letter.toml")
        return "letter"
    if kind == "markdown":
        shutil.copy(REPORT / "seeds/report.md", root / "seeds/report.md")
        shutil.copy(REPORT / "seeds/map.png", root / "seeds/map.png")
        return "report"
    word_minutes(root / "seeds/minutes.docx")
    return "minutes"


@pytest.mark.parametrize("kind", ["plain text", "markdown", "word"])
def test_every_reader_feeds_the_same_downstream(tmp_path: Path, kind: str):
    """The same checks on a document from each reader: catalogs, check, exchange and editions."""
    name = _seed(kind, tmp_path)
    assert toolkit(tmp_path, "init", "--lang", "fr").exit_code == 0
    path = tmp_path / f"locale/fr/LC_MESSAGES/{name}.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgid
    catalog.save(str(path))
    checked = toolkit(tmp_path, "check", "--lang", "fr", "--strict")
    assert checked.exit_code == 0, checked.output
    exported = toolkit(tmp_path, "export", "--lang", "fr", "--out", str(tmp_path / "fr.xlf"))
    assert exported.exit_code == 0, exported.output
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = ""
    catalog.save(str(path))
    imported = toolkit(tmp_path, "import", "--lang", "fr", str(tmp_path / "fr.xlf"))
    assert imported.exit_code == 0, imported.output
    assert all(entry.msgstr == entry.msgid for entry in polib.pofile(str(path)))
    built = toolkit(tmp_path, "build", "--lang", "fr", "--strict")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/fr"
    assert pdf_lang(PdfReader(out / f"{name}.pdf")) == "fr-FR"
    check = epubcheck_all({"fr": out / f"{name}.epub"})["fr"]
    assert check.valid and check.messages == []
    assert [id for id in footnotes(out / f"{name}.docx") if id > 0]


GIVEN = (
    '[document]\npublisher = "Valley Press"\ndescription = "What the valley needs, in brief."\n\n'
    '[labels]\nback = "Return to the text"\n'
)
KEYS = ("publisher", "description", "label:back", "label:accessibility")


@pytest.mark.parametrize("kind", ["plain text", "markdown", "word"])
def test_every_reader_takes_the_same_entries_from_the_sidecar(tmp_path: Path, kind: str):
    """A seed of any format gets the sidecar's publisher, description and labels, with the same comments."""
    name = {"plain text": "appeal", "markdown": "report", "word": "minutes"}[kind]
    if kind == "plain text":
        (tmp_path / "seeds").mkdir()
        shutil.copy(APPEAL / "seeds/appeal.txt", tmp_path / "seeds/appeal.txt")
    else:
        _seed(kind, tmp_path)
    (tmp_path / f"seeds/{name}.toml").write_text(GIVEN, "utf-8")
    assert toolkit(tmp_path, "extract").exit_code == 0
    template = entries(tmp_path, name)
    given = {key: (e.msgid, e.comment, e.occurrences) for key, e in template.items() if key in KEYS}
    assert given == {
        "publisher": (
            "Valley Press",
            "Publisher of the editions, as its name is written in your language.",
            [(f"seeds/{name}.toml", "2")],
        ),
        "description": (
            "What the valley needs, in brief.",
            "What the document is, in a sentence: the ebook's description and the web page's summary.",
            [(f"seeds/{name}.toml", "3")],
        ),
        "label:back": (
            "Return to the text",
            "Label the editions add: the name a screen reader gives the link from a note back to its place "
            "in the text.",
            [(f"seeds/{name}.toml", "6")],
        ),
        "label:accessibility": (
            DEFAULT_LABELS["accessibility"],
            "Label the editions add: the ebook's accessibility summary, shown by reading systems and bookshops.",
            [],  # a default: no line of the sidecar holds it
        ),
    }
    assert toolkit(tmp_path, "init", "--lang", "es").exit_code == 0
    translate(tmp_path, "es", {"publisher": "Editorial del Valle", "description": "Lo que el valle necesita."}, name)
    built = toolkit(tmp_path, "build", "--lang", "es", "--format", "epub")
    assert built.exit_code == 0, built.output
    book = zipfile.ZipFile(tmp_path / f"outputs/es/{name}.epub")
    opf = book.read(next(n for n in book.namelist() if n.endswith(".opf"))).decode()
    assert "<dc:publisher>Editorial del Valle</dc:publisher>" in opf
    assert "<dc:description>Lo que el valle necesita.</dc:description>" in opf


def test_a_manuscript_names_its_publisher_and_description_itself(tmp_path: Path):
    """Without a sidecar, the YAML metadata gives them, at their lines; a sidecar's would come first."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/bulletin.md").write_text(
        "---\ntitle: Spring Bulletin\npublisher: Valley Press\ndescription: News of the *wells*.\n---\n\n"
        "The wells are full.\n",
        "utf-8",
    )
    assert toolkit(tmp_path, "extract").exit_code == 0
    template = entries(tmp_path, "bulletin")
    assert (template["publisher"].msgid, template["publisher"].occurrences) == (
        "Valley Press",
        [("seeds/bulletin.md", "3")],
    )
    assert (template["description"].msgid, template["description"].occurrences) == (
        "News of the wells.",
        [("seeds/bulletin.md", "4")],
    )
    (tmp_path / "seeds/bulletin.toml").write_text('[document]\npublisher = "The Board"\n', "utf-8")
    assert toolkit(tmp_path, "extract").exit_code == 0
    assert entries(tmp_path, "bulletin")["publisher"].occurrences == [("seeds/bulletin.toml", "2")]


def test_a_changed_image_remakes_the_editions(tmp_path: Path):
    root = copy_project(REPORT, tmp_path)
    assert toolkit(root, "init", "--lang", "es").exit_code == 0
    assert "3 of 3 editions built" in toolkit(root, "build", "--lang", "es").stdout
    assert "nothing rebuilt" in toolkit(root, "build", "--lang", "es").stdout
    (root / "seeds/map.png").write_bytes(_png(60, 30, b"\xd0\x90\x40"))  # the same map, recoloured
    rebuilt = toolkit(root, "build", "--lang", "es")
    assert "3 of 3 editions built" in rebuilt.stdout, rebuilt.output


def _png(width: int, height: int, rgb: bytes) -> bytes:
    """A PNG of one colour."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + rgb * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_keys_survive_an_edit_of_the_manuscript(report: Path, tmp_path: Path):
    """A paragraph inserted with a note leaves every other key, and its translation, where it was.

    Notes are numbered in reading order, so the segments referring to later
    notes get new tokens: their translations take the same new numbers and
    stay translated, as only the numbering changed (the editions go on
    printing them, and no translator has an entry to review).
    """
    root = copy_project(report, tmp_path)
    seed = root / "seeds/report.md"
    text = seed.read_text()
    text = text.replace("# Summary\n", "# Summary\n\nA new opening paragraph.[^new]\n", 1)
    seed.write_text(text + "\n[^new]: A new note.\n")
    updated = toolkit(root, "update")
    assert updated.exit_code == 0, updated.output
    assert "locale/es/LC_MESSAGES/report.po: 36 kept, 0 newly fuzzy, 2 new, 0 obsolete" in updated.stdout
    catalog = {e.msgctxt: e for e in polib.pofile(str(root / "locale/es/LC_MESSAGES/report.po"))}
    assert catalog["cell:well"].msgstr == "Pozo" and not catalog["cell:well"].fuzzy
    assert catalog["paragraph:a-new-opening-paragraph"].msgid == "A new opening paragraph.[^1]"
    # The notes after it are numbered anew: the sentence that called the first calls the second, in both languages.
    moved = catalog[MOVED]
    assert (moved.msgid, moved.msgstr) == (
        MOVED_TEXT.replace("[^1]", "[^2]"),
        SPANISH[MOVED].replace("[^1]", "[^2]"),
    )
    assert not moved.fuzzy and moved.previous_msgid is None
    # A sentence that changed in words as well is fuzzy, its translation renumbered too.
    seed.write_text(seed.read_text().replace("to review the", "to look at the", 1))
    assert toolkit(root, "update").exit_code == 0
    moved = {e.msgctxt: e for e in polib.pofile(str(root / "locale/es/LC_MESSAGES/report.po"))}[MOVED]
    assert moved.fuzzy and moved.msgstr == SPANISH[MOVED].replace("[^1]", "[^2]")
    assert moved.previous_msgid == MOVED_TEXT.replace("[^1]", "[^2]")
    built = toolkit(root, "build", "--lang", "es", "--format", "epub")
    assert built.exit_code == 0 and "0 with token or placeholder problems" in built.output, built.output


def test_a_subtitle_and_an_abstract_are_printed_not_lost(tmp_path: Path):
    """Pandoc lifts them out of the text into metadata (YAML's `subtitle:`, Word's Subtitle style); they stay text.

    The subtitle stands under the title, the abstract opens the text.
    """
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/brief.md").write_text(
        "---\ntitle: Water Brief\nsubtitle: What the valley needs\nabstract: |\n  Three wells are dry.\n\n"
        "  Two can be repaired.\n---\n\nThe board met in April.\n",
        "utf-8",
    )
    from docx import Document as WordDocument

    word = WordDocument()
    word.add_paragraph("Annual Report", style="Title")
    word.add_paragraph("Prepared by the board", style="Subtitle")
    word.add_paragraph("The trust welcomed visitors.")
    word.save(str(tmp_path / "seeds/annual.docx"))
    assert toolkit(tmp_path, "extract").exit_code == 0
    brief = text_msgids(tmp_path, "brief")
    assert list(brief.values()) == [
        "Water Brief",
        "What the valley needs",
        "Three wells are dry.",
        "Two can be repaired.",
        "The board met in April.",
    ]
    assert (list(brief)[1], entries(tmp_path, "annual")["subtitle"].msgid) == ("subtitle", "Prepared by the board")
    built = toolkit(tmp_path, "build", "--lang", "en", "--format", "epub", "--format", "docx")
    assert built.exit_code == 0, built.output
    book = zipfile.ZipFile(tmp_path / "outputs/en/brief.epub")
    xhtml = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert re.search(r'<h1[^>]*>Water Brief</h1>\s*<div class="subtitle">\s*<p>What the valley needs</p>', xhtml)
    assert "Two can be repaired." in xhtml
    paragraphs = WordDocument(str(tmp_path / "outputs/en/annual.docx")).paragraphs
    styles = [p.style.name if p.style else "" for p in paragraphs]
    assert styles[:2] == ["Title", "Subtitle"]


def test_a_manuscript_that_skips_heading_levels_keeps_its_outline(tmp_path: Path):
    """A title in the metadata, then `##`; a `####` under it: the PDF is still tagged, every edition nested the same.

    PDF/UA-1 refuses a skipped level, and a screen reader would announce a
    section with no parent: each heading goes one level below the one it is under.
    """
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/minutes.md").write_text(
        "---\ntitle: Minutes\n---\n\n## Present\n\nAll members.\n\n#### Apologies\n\nNone.\n\n"
        "## Decisions\n\nThe budget passed.\n",
        "utf-8",
    )
    built = toolkit(tmp_path, "build", "--lang", "en", "--format", "pdf", "--format", "epub", "--format", "docx")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/en"

    def titles(items: list[Any]) -> list[Any]:
        return [titles(item) if isinstance(item, list) else item.title for item in items]

    assert titles(PdfReader(out / "minutes.pdf").outline) == ["Minutes", ["Present", ["Apologies"], "Decisions"]]
    book = zipfile.ZipFile(out / "minutes.epub")
    xhtml = " ".join(book.read(n).decode() for n in book.namelist() if "text/" in n)
    assert re.findall(r"<(h\d)[^>]*>([^<]*)<", xhtml) == [
        ("h1", "Minutes"),
        ("h2", "Present"),
        ("h3", "Apologies"),
        ("h2", "Decisions"),
    ]
    # The table of contents holds the manuscript's sections and their subsections, below the title.
    toc = book.read("EPUB/nav.xhtml").decode().split('epub:type="toc"')[1].split("</nav>")[0]
    assert re.findall(r"<a [^>]*>([^<]*)</a>", toc) == ["Minutes", "Present", "Apologies", "Decisions"]
    from docx import Document as WordDocument

    styles = [(p.style.name if p.style else "", p.text) for p in WordDocument(str(out / "minutes.docx")).paragraphs]
    assert [(style, text) for style, text in styles if style.startswith(("Title", "Heading"))] == [
        ("Title", "Minutes"),
        ("Heading 2", "Present"),
        ("Heading 3", "Apologies"),
        ("Heading 2", "Decisions"),
    ]


def test_a_list_counts_as_the_manuscript_does(tmp_path: Path):
    """Letters, roman numerals and parentheses are kept: a step `b.` is not printed `2.`."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/steps.md").write_text(
        "---\ntitle: Steps\n---\n\n1. Open the valve.\n2. Check the meters:\n\n"
        "    a. the north meter\n    b. the south meter\n\n3. Close it.\n\n"
        "iv) Fourth rule.\nv) Fifth rule.\n\n(A) First annex.\n(B) Second annex.\n",
        "utf-8",
    )
    built = toolkit(tmp_path, "build", "--lang", "en", "--format", "pdf", "--format", "epub", "--format", "docx")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/en"
    lines = [line.strip() for line in PdfReader(out / "steps.pdf").pages[0].extract_text().splitlines()]
    for line in ("b. the south meter", "3. Close it.", "v) Fifth rule.", "(B) Second annex."):
        assert line in lines, lines
    page = zipfile.ZipFile(out / "steps.epub").read("EPUB/text/ch001.xhtml").decode()
    lists = ['<ol type="1">', '<ol type="a">', '<ol start="4" type="i">', '<ol type="A">']
    assert re.findall(r"<ol[^>]*>", page) == lists
    numbering = zipfile.ZipFile(out / "steps.docx").read("word/numbering.xml").decode()
    assert {"lowerLetter", "lowerRoman", "upperLetter"} <= set(re.findall(r'w:numFmt w:val="(\w+)"', numbering))


ADDRESS = "Water Board\n12 River Road\nSpringfield"
POEM = "The well is deep,\nthe water cold."
LINES = (
    "---\ntitle: Notice\nlang: en-US\n---\n\nWrite to the board at:\n\n"
    # A backslash and two trailing spaces both end a line; so does each line of a line block.
    "Water Board\\\n12 River Road  \nSpringfield\n\n| The well is deep,\n| the water cold.\n"
)
LINES_ES = {
    "title": "Aviso",
    "paragraph:write-to-the-board-at": "Escriba a la junta a:",
    "paragraph:water-board-12-river-road-springfield": "Junta del Agua\nCalle del Río 12\nSpringfield",
}


@pytest.mark.parametrize("suffix", ["md", "docx"])
def test_hard_line_breaks_reach_the_catalog_and_every_edition(tmp_path: Path, suffix: str):
    r"""Markdown's `\` and two trailing spaces and Word's Shift+Enter end a line in the catalog and the editions.

    The newline is in the msgid (GNU's tools accept it), the translation
    has its own, and an untranslated poem keeps the source's lines.
    """
    (tmp_path / "seeds").mkdir()
    seed = tmp_path / f"seeds/notice.{suffix}"
    if suffix == "md":
        seed.write_text(LINES, "utf-8")
    else:  # Word's Shift+Enter, as Pandoc writes a line break
        pandoc = [pypandoc.get_pandoc_path(), "--from=markdown", "--to=docx", "--output", str(seed)]
        subprocess.run(pandoc, input=LINES.encode(), check=True)
    assert toolkit(tmp_path, "extract").exit_code == 0
    template = entries(tmp_path, "notice")
    msgids = {key: entry.msgid for key, entry in template.items()}
    # The key is made of the words, as before: the line breaks change no key.
    assert msgids["paragraph:water-board-12-river-road-springfield"] == ADDRESS
    assert msgids["paragraph:the-well-is-deep-the-water"] == POEM
    assert "Set in lines" in template["paragraph:the-well-is-deep-the-water"].comment
    pot = tmp_path / "locale/notice.pot"  # broken after each newline, as GNU writes it
    assert subprocess.run(["msgcat", str(pot)], capture_output=True, check=True).stdout == pot.read_bytes()
    assert toolkit(tmp_path, "init", "--lang", "es").exit_code == 0
    path = translate(tmp_path, "es", LINES_ES, "notice")
    catalog = polib.pofile(str(path))
    by_key(catalog, "paragraph:the-well-is-deep-the-water").msgstr = ""
    catalog.save(str(path))
    msgfmt = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert msgfmt.returncode == 0, msgfmt.stderr
    checked = toolkit(tmp_path, "check", "--lang", "es")
    assert checked.exit_code == 0 and "0 errors, 0 warnings" in checked.output, checked.output
    built = toolkit(tmp_path, "build", "--lang", "es", "--lang", "es+en")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/es"
    address, poem = LINES_ES["paragraph:water-board-12-river-road-springfield"], POEM
    pdf = "\n".join(page.extract_text() for page in PdfReader(out / "notice.pdf").pages)
    assert address in pdf and poem in pdf, pdf
    book = zipfile.ZipFile(out / "notice.epub")
    xhtml = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert "<p>Junta del Agua<br />\nCalle del Río 12<br />\nSpringfield</p>" in xhtml
    assert '<p><span lang="en-US">The well is deep,<br />\nthe water cold.</span></p>' in xhtml
    from docx import Document as WordDocument

    paragraphs = [p.text for p in WordDocument(str(out / "notice.docx")).paragraphs]  # a w:br reads as "\n"
    assert address in paragraphs and poem in paragraphs
    parallel = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "outputs/es+en/notice.pdf").pages)
    assert address in parallel and ADDRESS in parallel, parallel


def test_the_language_a_manuscript_declares_sets_its_region(tmp_path: Path):
    """YAML `lang: en-GB` is an English text for British readers: its edition is tagged en-GB and set on A4."""
    (tmp_path / "seeds").mkdir()
    seed = tmp_path / "seeds/brief.md"
    seed.write_text("---\ntitle: Water Brief\nlang: en-GB\n---\n\nThe board met in April.\n", "utf-8")
    built = toolkit(tmp_path, "build", "--lang", "all", "--format", "pdf", "--format", "epub", "--format", "docx")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/en"  # the language's folder: the region is the edition's, not another language
    assert pdf_lang(PdfReader(out / "brief.pdf")) == "en-GB"
    assert "<dc:language>en-GB</dc:language>" in zipfile.ZipFile(out / "brief.epub").read("EPUB/content.opf").decode()
    assert '<w:pgSz w:w="11906" w:h="16838"' in zipfile.ZipFile(out / "brief.docx").read("word/document.xml").decode()
    seed.write_text("---\ntitle: Water Brief\nlang: klingon\n---\n\nThe board met in April.\n", "utf-8")
    refused = toolkit(tmp_path, "build", "--lang", "all")
    assert refused.exit_code == 2 and refused.stderr.startswith("Error: seeds/brief.md:3: unknown language 'klingon'")


def test_a_word_manuscript_is_tagged_from_its_properties_not_credited(tmp_path: Path):
    """Word keeps the language in File > Info, not in the text; its author there is whoever made the file."""
    from docx import Document as WordDocument

    (tmp_path / "seeds").mkdir()
    word = WordDocument()
    word.core_properties.author = "Marie Dupont; Jean Martin"
    word.core_properties.language = "fr-CA"
    word.add_paragraph("L’eau de la vallée", style="Title")
    word.add_paragraph("Le conseil s’est réuni le 2 avril pour examiner l’approvisionnement en eau.")
    word.save(str(tmp_path / "seeds/eau.docx"))
    (tmp_path / "seeds/eau.toml").write_text('[labels]\nnotes = "Notes"\ncontents = "Table des matières"\n', "utf-8")
    extracted = toolkit(tmp_path, "extract")
    assert "declares no language" not in extracted.stderr, extracted.stderr
    assert "creator" not in entries(tmp_path, "eau")  # the sidecar's `creator` credits a Word manuscript
    built = toolkit(tmp_path, "build", "--lang", "all", "--format", "epub")
    assert built.exit_code == 0, built.output
    opf = zipfile.ZipFile(tmp_path / "outputs/fr/eau.epub").read("EPUB/content.opf").decode()
    assert "<dc:language>fr-CA</dc:language>" in opf
    assert "Marie Dupont" not in opf


def _undescribed_seed(root: Path, suffix: str) -> None:
    """A seed with two images and no words for either: one standing alone, one inside a sentence."""
    (root / "seeds").mkdir()
    site, logo = _png(60, 40, b"\x20\x60\xa0"), _png(24, 16, b"\xc0\x30\x30")
    if suffix == "md":
        (root / "seeds/site.png").write_bytes(site)
        (root / "seeds/logo.png").write_bytes(logo)
        text = (
            "# Photos\n\nHere is the site.\n\n![](site.png)\n\nThe logo ![](logo.png) sits inline in this sentence.\n"
        )
        (root / "seeds/photos.md").write_text(text, "utf-8")
        return
    import io

    from docx import Document as WordDocument  # python-docx writes no alt text (`descr`) for a picture

    word = WordDocument()
    word.add_paragraph("Photos", style="Heading 1")
    word.add_paragraph("Here is the site.")
    word.add_paragraph().add_run().add_picture(io.BytesIO(site))
    sentence = word.add_paragraph("The logo ")
    sentence.add_run().add_picture(io.BytesIO(logo))
    sentence.add_run(" sits inline in this sentence.")
    word.save(str(root / "seeds/photos.docx"))


@pytest.mark.parametrize(("suffix", "lines", "how"), [("docx", (3, 4), "Alt Text"), ("md", (5, 7), "![description]")])
def test_an_image_without_a_description_is_printed_as_decorative(tmp_path: Path, suffix: str, lines: Any, how: str):
    """No image is lost: one with no words goes into every edition as decorative, with a warning each to fix it."""
    from .conftest import ace_violations

    _undescribed_seed(tmp_path, suffix)
    assert toolkit(tmp_path, "extract").exit_code == 0
    sentence = entries(tmp_path, "photos")["paragraph:the-logo-sits-inline-in-this"]
    assert sentence.msgid == "The logo <1></1> sits inline in this sentence."
    assert "which has no description: keep the pair empty" in sentence.comment
    assert not [key for key in entries(tmp_path, "photos") if key.startswith("caption:")]
    assert toolkit(tmp_path, "init", "--lang", "es").exit_code == 0
    translate(tmp_path, "es", {"paragraph:the-logo-sits-inline-in-this": "El logo <1></1> va en esta frase."}, "photos")
    assert toolkit(tmp_path, "check", "--lang", "es").exit_code == 0
    formats = [f"--format={f}" for f in ("pdf", "epub", "docx", "html")]
    built = toolkit(tmp_path, "build", "--lang", "es", *formats)
    assert built.exit_code == 0, built.output  # Typst's PDF/UA-1 export took them: artifacts
    warned = [line for line in built.output.splitlines() if "has no description" in line]
    assert [line.split(": warning")[0] for line in warned] == [f"seeds/photos.{suffix}:{n}" for n in lines]
    assert all(how in line and "decorative" in line for line in warned)
    out = tmp_path / "outputs/es"
    assert sum(len(page.images) for page in PdfReader(out / "photos.pdf").pages) == 2
    assert "El logo" in pdf_text(out / "photos.pdf")
    with zipfile.ZipFile(out / "photos.epub") as book:
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
        images = [n for n in book.namelist() if n.endswith(".png")]
        opf = book.read(next(n for n in book.namelist() if n.endswith(".opf"))).decode()
    assert len(re.findall(r'<img src="[^"]+" alt="" />', xhtml)) == 2 and len(images) == 2
    assert "El logo <img" in xhtml
    # Decorative images tell a reader nothing: the book claims neither visual content nor text alternatives.
    assert "alternativeText" not in opf and ">visual<" not in opf and ">textual</meta>" in opf
    with zipfile.ZipFile(out / "photos.docx") as word:
        assert word.read("word/document.xml").decode().count("<w:drawing>") == 2
    assert epubcheck_all({"es": out / "photos.epub"})["es"].valid
    assert ace_violations({"es": out / "photos.epub"}, tmp_path) == {"es": []}


def test_an_odt_caption_and_alt_text_pandoc_leaves_unread_describe_the_image(tmp_path: Path):
    """Pandoc's ODT reader leaves a caption paragraph after its image, and LibreOffice's Text Alternative unread."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/chart.png").write_bytes(_png(60, 40, b"\x20\x60\xa0"))
    (tmp_path / "seeds/logo.png").write_bytes(_png(24, 16, b"\xc0\x30\x30"))
    markdown = b"# Wells\n\n![A bar chart of wells per district](chart.png)\n\nThe end.\n\n![](logo.png)\n"
    seed = tmp_path / "seeds/report.odt"
    subprocess.run(
        [pypandoc.get_pandoc_path(), "--from=markdown", "--to=odt", "--output", str(seed)],
        input=markdown,
        cwd=tmp_path / "seeds",
        check=True,
    )
    for png in ("chart.png", "logo.png"):
        (tmp_path / "seeds" / png).unlink()
    assert toolkit(tmp_path, "extract").exit_code == 0
    template = entries(tmp_path)
    assert template["caption:a-bar-chart-of-wells-per"].msgid == "A bar chart of wells per district"
    assert not [key for key in template if key.startswith("paragraph:a-bar-chart")]
    built = toolkit(tmp_path, "build", "--lang", "en")
    assert built.exit_code == 0, built.output
    assert [line for line in built.output.splitlines() if "image" in line] == [
        "seeds/report.odt:5: warning: image '1.png' has no description for readers who cannot see it; it is "
        "printed as decorative, which screen readers pass over: add one as its Text Alternative in LibreOffice "
        "(the image's Properties, Options)"
    ]
    out = tmp_path / "outputs/en"
    assert sum(len(page.images) for page in PdfReader(out / "report.pdf").pages) == 2
    with zipfile.ZipFile(out / "report.epub") as book:
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert re.findall(r"<img [^>]*>", xhtml) == [
        '<img src="../media/file0.png" alt="A bar chart of wells per district" />',
        '<img src="../media/file1.png" alt="" />',
    ]
    with zipfile.ZipFile(out / "report.docx") as word:
        assert word.read("word/document.xml").decode().count("<w:drawing>") == 2

    # The Text Alternative LibreOffice writes into the image's frame is its description.
    described = tmp_path / "described"
    (described / "seeds").mkdir(parents=True)
    with zipfile.ZipFile(seed) as source, zipfile.ZipFile(described / "seeds/report.odt", "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                data = re.sub(rb"(<draw:image [^>]*Pictures/1.png[^>]*/>)", rb"\1<svg:title>The logo</svg:title>", data)
            target.writestr(info, data)
    built = toolkit(described, "build", "--lang", "en", "--format", "epub")
    assert built.exit_code == 0 and "image" not in built.output, built.output
    with zipfile.ZipFile(described / "outputs/en/report.epub") as book:
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert re.findall(r'<img src="../media/file1.png"[^>]* alt="([^"]*)" />', xhtml) == ["The logo"]


LINKED = (
    "---\ntitle: Wells\n---\n\n# Findings\n\n"
    "See [the map](#fig-map), [the table](#tbl-wells), [the findings](#findings) and [the annex](#anex).\n\n"
    "![A map of the wells](map.png){#fig-map}\n\n"
    "| Well | State |\n|------|-------|\n| North | dry |\n\nTable: The wells of the valley. {#tbl-wells}\n\n"
    "# Methods\n\nBack to [the findings](#findings).\n"
)
LINKED_ES = {
    "title": "Pozos",
    "heading:findings": "Conclusiones",
    "paragraph:see-the-map-the-table-the": (
        "Vea <1>el mapa</1>, <2>la tabla</2>, <3>las conclusiones</3> y <4>el anexo</4>."
    ),
    "caption:a-map-of-the-wells": "Un mapa de los pozos",
    "caption:the-wells-of-the-valley": "Los pozos del valle.",
    "heading:methods": "Métodos",
    "paragraph:back-to-the-findings": "Vuelva a <1>las conclusiones</1>.",
}
LINK_TARGETS = ["caption-a-map-of-the-wells", "caption-the-wells-of-the-valley", "heading-findings"]
"""Where the first paragraph's links go; the second paragraph's goes to the findings again."""


def _internal_links(xhtml: str) -> tuple[list[str], set[str]]:
    """The fragments the links of XHTML go to (within it), and the ids it has."""
    return re.findall(r'href="(?:ch\d+\.xhtml)?#([^"]+)"', xhtml), set(re.findall(r' id="([^"]+)"', xhtml))


def test_links_within_a_manuscript_go_to_their_headings_figures_and_tables(tmp_path: Path):
    """A link to a heading (its automatic id), a figure's or a table's id works in every edition, parallel too.

    The manuscript's ids are not the editions' (a heading's id is made from
    its key, a parallel edition has each block twice): the links follow
    their blocks. A link to an id the manuscript lacks is one warning, and
    its words are printed without it.
    """
    from toolkit.commands.catalog import Project
    from toolkit.editions.pandoc import for_format, to_pandoc_ast
    from toolkit.editions.typst_source import typst_document

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/wells.md").write_text(LINKED, "utf-8")
    (tmp_path / "seeds/map.png").write_bytes(_png(60, 30, b"\x40\x90\xd0"))
    extracted = toolkit(tmp_path, "extract")
    assert extracted.exit_code == 0, extracted.output
    warning = "seeds/wells.md:7: warning: link to '#anex' goes to no heading, figure or table of the seed"
    assert [line for line in extracted.output.splitlines() if "warning" in line] == [
        warning + "; its words are printed without the link"
    ]
    # The catalog is as before: the links' words in placeholders, the manuscript's addresses in the comment.
    paragraph = entries(tmp_path, "wells")["paragraph:see-the-map-the-table-the"]
    assert paragraph.msgid == "See <1>the map</1>, <2>the table</2>, <3>the findings</3> and <4>the annex</4>."
    assert "<1>…</1> a link to #fig-map" in paragraph.comment and "<4>…</4> a link to #anex" in paragraph.comment
    assert toolkit(tmp_path, "init", "--lang", "es").exit_code == 0
    translate(tmp_path, "es", LINKED_ES, "wells")

    formats = [f"--format={fmt}" for fmt in ("pdf", "epub", "docx", "html")]
    built = toolkit(tmp_path, "build", "--lang", "en", "--lang", "es", "--lang", "es+en", *formats)
    assert built.exit_code == 0, built.output
    assert built.output.count("#anex") == 1, built.output

    project = Project(tmp_path)
    document = project.read(project.seeds()[0])
    source = typst_document(for_format(to_pandoc_ast(document, "en-US", "", "urn:x")[0], "pdf"))
    assert re.findall(r"#link\(<([^>]+)>\)", source) == [*LINK_TARGETS, "heading-findings"]
    assert '#link("' not in source and "the annex" in source
    for label in ("caption-a-map-of-the-wells", "caption-the-wells-of-the-valley", "heading-findings"):
        assert source.count(f" <{label}>") == 1

    editions = {lang: tmp_path / "outputs" / lang for lang in ("en", "es", "es+en")}
    for lang, out in editions.items():
        pdf = PdfReader(out / "wells.pdf")
        annotations = [a.get_object() for page in pdf.pages for a in page.get("/Annots", [])]
        links = [a for a in annotations if a["/Subtype"] == "/Link"]
        # Each column links to its own blocks: the parallel edition has twice the links, all inside it.
        assert len(links) == (8 if lang == "es+en" else 4) and all("/Dest" in a for a in links), links
        assert len({str(a["/Dest"]) for a in links}) == (6 if lang == "es+en" else 3)
        named = {str(a["/Dest"]) for a in links if isinstance(a["/Dest"], str)}
        assert named and named <= set(pdf.named_destinations)

        book = zipfile.ZipFile(out / "wells.epub")
        for name in book.namelist():
            if name.startswith("EPUB/text/"):
                fragments, ids = _internal_links(book.read(name).decode())
                assert fragments and set(fragments) <= ids, (name, fragments, ids)

        page = (out / "wells.html").read_text("utf-8")
        fragments, ids = _internal_links(page)
        assert len(fragments) == (8 if lang == "es+en" else 4) and set(fragments) <= ids

        xml = zipfile.ZipFile(out / "wells.docx").read("word/document.xml").decode()
        anchors = re.findall(r'<w:hyperlink w:anchor="([^"]+)"', xml)
        assert len(anchors) == (8 if lang == "es+en" else 4)
        assert set(anchors) <= set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"', xml))
        if lang == "es+en":  # row by row, the Spanish column's links to its blocks, then the English column's
            assert [a.split("-", 2)[-1] for a in anchors] == [*LINK_TARGETS * 2, "heading-findings", "heading-findings"]
            assert [a.split("-", 1)[0] for a in anchors] == ["es"] * 3 + ["en"] * 3 + ["es", "en"]
        else:
            assert anchors == [*LINK_TARGETS, "heading-findings"]
    text = pdf_text(editions["es"] / "wells.pdf")
    assert "Vea el mapa, la tabla, las conclusiones y el anexo." in text
    checks = epubcheck_all({lang: out / "wells.epub" for lang, out in editions.items()})
    for lang, check in checks.items():
        assert check.valid and check.messages == [], (lang, check.messages)


def test_a_link_to_a_place_beside_a_web_page_is_printed_as_its_words(tmp_path: Path):
    """A page saved from a site links within it (`/autor/junta/`): no edition is there, so the words stand alone.

    Such a link made the EPUB fail EPUBCheck (a URL that leaks outside
    the container) and went nowhere in the other editions.
    """
    page = (
        '<html lang="es"><head><title>Informe</title></head><body><h1>Informe</h1>\n'
        '<p>Por <a href="/autor/junta/">la junta</a>; véase <a href="acta.pdf">el acta</a> '
        'y <a href="https://example.org/junta">su página</a>.</p></body></html>\n'
    )
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/informe.html").write_text(page, "utf-8")
    built = toolkit(tmp_path, "build", "--lang", "es", "--format", "epub", "--format", "html")
    assert built.exit_code == 0, built.output
    how = "has no full address (it names a place beside the seed); its words are printed without the link"
    assert [line for line in built.output.splitlines() if "link to" in line] == [
        f"seeds/informe.html:2: warning: link to '/autor/junta/' {how}: write it in full (https://…)",
        f"seeds/informe.html:2: warning: link to 'acta.pdf' {how}: write it in full (https://…)",
    ]
    out = tmp_path / "outputs/es"
    book = zipfile.ZipFile(out / "informe.epub")
    xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    web = (out / "informe.html").read_text("utf-8")
    for edition in (xhtml, web):
        words = re.sub(r"</?span>", "", edition)
        assert 'Por la junta; véase el acta y <a href="https://example.org/junta">su página</a>.' in words
    check = epubcheck_all({"es": out / "informe.epub"})["es"]
    assert check.valid and check.messages == [], check.messages


WEB_NOTES = """<html lang="en"><head><title>Minutes</title></head><body><h1>Minutes</h1>
<p>The committee met in the school.<sup><a href="#fn1" id="ref1">1</a></sup> Eight came.</p>
<p>We asked the council.<sup><a href="#ftnt1" id="ftnt_ref1">[2]</a></sup> It said yes.<a href="#_ftn1"
name="_ftnref1"><span class="MsoFootnoteReference">[3]</span></a></p>
<section class="footnotes"><hr><h2>Notes</h2><ol>
<li id="fn1">The old school, <em>closed</em> in 2019. <a href="#ref1">↩</a></li>
</ol></section>
<hr><div><p><a href="#ftnt_ref1" id="ftnt1">[2]</a>&nbsp;By letter, before June.</p></div>
<div style="mso-element:footnote" id="ftn1"><p><a href="#_ftnref1" name="_ftn1">[3]</a> The council's reply.</p></div>
</body></html>
"""
"""Notes as a CMS writes them (a list with links back), as Google Docs exports them, and as Word saves a web page."""


def test_the_notes_a_web_page_writes_by_hand_are_notes(tmp_path: Path):
    """A mark linked to a note at the end of the page is a footnote; the list of notes and its links back go.

    Pandoc reads only the notes of a page it wrote: these came out as a
    superscript number that led nowhere and a list at the end, its `↩`
    links printed as words and a warning for each link.
    """
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/minutes.html").write_text(WEB_NOTES, "utf-8")
    built = toolkit(tmp_path, "build", "--lang", "en", "--format", "epub", "--format", "html")
    assert built.exit_code == 0 and "warning" not in built.output, built.output
    assert toolkit(tmp_path, "extract").exit_code == 0
    found = text_msgids(tmp_path, "minutes")
    assert found == {
        "title": "Minutes",
        "paragraph:the-committee-met-in-the-school": "The committee met in the school.[^1] Eight came.",
        "paragraph:we-asked-the-council-it-said": "We asked the council.[^2] It said yes.[^3]",
        "note:the-old-school-closed-in-2019": "The old school, <1>closed</1> in 2019.",
        "note:by-letter-before-june": "By letter, before June.",
        "note:the-council-s-reply": "The council's reply.",
    }
    page = (tmp_path / "outputs/en/minutes.html").read_text("utf-8")
    calls = re.findall(r'<a href="#(fn\d)" class="footnote-ref" id="(fnref\d)"', page)
    backs = re.findall(r'<li id="(fn\d)">.*?<a href="#(fnref\d)" class="footnote-back"', page)
    assert calls == backs == [("fn1", "fnref1"), ("fn2", "fnref2"), ("fn3", "fnref3")]
    assert "↩</a>" not in page.replace("↩︎</a>", "") and ">Notes</h2>" not in page.replace('"notes-heading">', "")
    check = epubcheck_all({"en": tmp_path / "outputs/en/minutes.epub"})["en"]
    assert check.valid and check.messages == [], check.messages


def test_emphasis_written_as_an_inline_style_is_emphasis(tmp_path: Path):
    """An HTML e-mail or a Google Docs page sets bold and italics in `style`, not `<strong>`: they were lost."""
    page = (
        '<html lang="en"><head><title>Minutes</title></head><body><p><span style="font-weight:400">We met on </span>'
        '<span style="font-weight:700">Tuesday</span> in the <span style="font-style: italic">old school</span>, '
        '<span style="font-weight:bold;font-style:italic">at last</span>.</p></body></html>\n'
    )
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/minutes.html").write_text(page, "utf-8")
    assert toolkit(tmp_path, "extract").exit_code == 0
    paragraph = entries(tmp_path, "minutes")["paragraph:we-met-on-tuesday-in-the"]
    assert paragraph.msgid == "We met on <1>Tuesday</1> in the <2>old school</2>, <3><4>at last</4></3>."
    built = toolkit(tmp_path, "build", "--lang", "en", "--format", "html")
    assert built.exit_code == 0, built.output
    web = (tmp_path / "outputs/en/minutes.html").read_text("utf-8")
    assert "We met on <strong>Tuesday</strong> in the <em>old school</em>, <em><strong>at last</strong></em>." in web


def test_a_manuscripts_title_is_printed_once_wherever_it_stands(tmp_path: Path):
    """No title given but one top heading: that is the title. A page Pandoc wrote repeats its title: printed once."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/minutes.md").write_text("# Minutes of May\n\nWe met.\n\n## Decisions\n\nAgreed.\n", "utf-8")
    page = "---\ntitle: Water Brief\n---\n\n# Water Brief\n\nThree wells are dry.\n"
    pypandoc.convert_text(page, "html", "markdown", outputfile=str(tmp_path / "seeds/brief.html"), extra_args=["-s"])
    built = toolkit(tmp_path, "build", "--lang", "en", "--format", "pdf")
    assert built.exit_code == 0 and "no title" not in built.output, built.output
    assert toolkit(tmp_path, "extract").exit_code == 0
    minutes = text_msgids(tmp_path, "minutes")
    assert minutes == {
        "title": "Minutes of May",
        "paragraph:we-met": "We met.",
        "heading:decisions": "Decisions",
        "paragraph:agreed": "Agreed.",
    }
    text = PdfReader(tmp_path / "outputs/en/brief.pdf").pages[0].extract_text()
    assert text.count("Water Brief") == 1, text


def test_a_web_pages_title_is_its_heading_without_the_sites_name(tmp_path: Path):
    """A page's <title> adds its site's name: the heading it repeats is the title, printed once and without it."""
    page = (
        '<html lang="en"><head><title>Report on the wells | Water Board</title></head><body>\n'
        "<h1>Report on the wells</h1>\n<p>Three wells are dry.</p>\n<h2>Next steps</h2>\n<p>Repair them.</p>\n"
        "</body></html>\n"
    )
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/wells.html").write_text(page, "utf-8")
    assert toolkit(tmp_path, "extract").exit_code == 0
    found = text_msgids(tmp_path, "wells")
    assert found == {
        "title": "Report on the wells",
        "paragraph:three-wells-are-dry": "Three wells are dry.",
        "heading:next-steps": "Next steps",
        "paragraph:repair-them": "Repair them.",
    }
    built = toolkit(tmp_path, "build", "--lang", "en", "--format", "html")
    assert built.exit_code == 0, built.output
    web = (tmp_path / "outputs/en/wells.html").read_text("utf-8")
    assert "Water Board" not in web and web.count("Report on the wells") == 2  # <title> and <h1>
    assert re.findall(r"<h(\d)", web) == ["1", "2"], re.findall(r"<h(\d)", web)


def test_the_spaces_an_author_typed_to_hold_words_together_are_kept(tmp_path: Path):
    """A no-break space (`10 km`) and French's narrow ones before `:` and inside `« »` reach catalog and editions."""
    (tmp_path / "seeds").mkdir()
    sentence = "La route fait 10\u00a0km. Il a dit\u202f: «\u202foui\u202f»."
    (tmp_path / "seeds/note.md").write_text(f"---\ntitle: Note\nlang: fr\n---\n\n{sentence}\n", "utf-8")
    assert toolkit(tmp_path, "extract").exit_code == 0
    assert sentence in [entry.msgid for entry in entries(tmp_path, "note").values()]
    pot = tmp_path / "locale/note.pot"
    assert subprocess.run(["msgcat", str(pot)], capture_output=True, check=True).stdout == pot.read_bytes()
    built = toolkit(tmp_path, "build", "--lang", "fr", "--format", "epub", "--format", "docx")
    assert built.exit_code == 0, built.output
    page = zipfile.ZipFile(tmp_path / "outputs/fr/note.epub").read("EPUB/text/ch001.xhtml").decode()
    assert sentence in page
    from docx import Document as WordDocument

    assert sentence in [p.text for p in WordDocument(str(tmp_path / "outputs/fr/note.docx")).paragraphs]


def _drawn(pdf: Path) -> tuple[list[tuple[float, float]], list[str]]:
    """The width and height of each image drawn on PDF's first page, and the words it is tagged with."""
    from pypdf.generic import ContentStream

    reader = PdfReader(pdf)
    operations = ContentStream(reader.pages[0].get_contents(), reader).operations
    # Typst places each image by a matrix (`cm`) right before drawing it (`Do`).
    placed = [operations[i - 1] for i, (_, operator) in enumerate(operations) if operator == b"Do"]
    assert all(operator == b"cm" for _, operator in placed)
    alts = [operands[1]["/Alt"] for operands, operator in operations if operator == b"BDC" and "/Alt" in operands[1]]
    return [(float(matrix[0]), float(matrix[3])) for matrix, _ in placed], alts


def test_a_described_picture_in_a_paragraph_of_its_own_is_set_at_its_size(tmp_path: Path):
    """Word gives a picture with Alt Text and no caption a paragraph to itself: the PDF does not shrink it to a line.

    Nor does a captioned figure blow a small picture up to the column's width.
    """
    (tmp_path / "seeds").mkdir()
    shutil.copy(REPORT / "seeds/map.png", tmp_path / "map.png")
    markdown = "The valley.\n\n![A map of the valley](map.png)\\ \n\nThe end.\n"
    seed = str(tmp_path / "seeds/valley.docx")
    pypandoc.convert_text(markdown, "docx", "markdown", outputfile=seed, cworkdir=str(tmp_path))
    built = toolkit(tmp_path, "build", "--lang", "en", "--format", "pdf")
    assert built.exit_code == 0, built.output
    # The picture's own 60 x 30 px, not 1.2 em tall.
    assert _drawn(tmp_path / "outputs/en/valley.pdf") == ([(60, 30)], ["A map of the valley"])
    shutil.copy(tmp_path / "map.png", tmp_path / "seeds/map.png")
    (tmp_path / "seeds/figure.md").write_text("---\ntitle: Map\n---\n\n![A map of the valley](map.png)\n", "utf-8")
    assert toolkit(tmp_path, "build", "--lang", "en", "--format", "pdf").exit_code == 0
    assert _drawn(tmp_path / "outputs/en/figure.pdf")[0] == [(60, 30)]


def test_a_glossary_is_a_list_of_definitions_in_every_edition(tmp_path: Path):
    """Terms and their definitions stay a definition list (`<dl>`, Word's Definition styles), not block quotations."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/glossary.md").write_text(
        "---\ntitle: Glossary\n---\n\nAquifer\n:   A layer of rock that holds water.\n\n"
        "Well\n:   A hole dug to reach water.\n\n    It may be lined with stone.\n",
        "utf-8",
    )
    assert toolkit(tmp_path, "init", "--lang", "es").exit_code == 0
    assert [key for key in entries(tmp_path, "glossary") if key.split(":")[0] in ("term", "definition")] == [
        "term:aquifer",
        "definition:a-layer-of-rock-that-holds",
        "term:well",
        "definition:a-hole-dug-to-reach-water",
        "definition:it-may-be-lined-with-stone",
    ]
    translate(tmp_path, "es", {"term:well": "Pozo", "definition:a-hole-dug-to-reach-water": "Un hoyo."}, "glossary")
    built = toolkit(tmp_path, "build", "--lang", "es", "--lang", "es+en", "--format", "epub", "--format", "docx")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/es"
    page = zipfile.ZipFile(out / "glossary.epub").read("EPUB/text/ch001.xhtml").decode()
    assert re.search(r"<dl>\s*<dt>Aquifer</dt>\s*<dd>\s*<p>A layer of rock", page) and "<dt>Pozo</dt>" in page
    assert "<blockquote" not in page
    from docx import Document as WordDocument

    styles = [(p.style.name if p.style else "", p.text) for p in WordDocument(str(out / "glossary.docx")).paragraphs]
    assert ("Definition Term", "Pozo") in styles and ("Definition", "Un hoyo.") in styles
    checked = epubcheck_all({"es": out / "glossary.epub", "pair": tmp_path / "outputs/es+en/glossary.epub"})
    assert all(check.valid and check.messages == [] for check in checked.values()), checked


def _word_captions(path: Path) -> None:
    """Write a DOCX whose captions are Word's Insert Caption: a label, a `SEQ` field, the words.

    Word writes the field simple (`w:fldSimple`) or in runs (`w:fldChar`); both show their number.
    """
    import io

    from docx import Document as WordDocument
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def caption(label: str, words: str, simple: bool) -> None:
        paragraph: Any = word.add_paragraph(style="Caption")._p  # python-docx types its XML narrowly
        paragraph.append(parse_xml(f'<w:r {w}><w:t xml:space="preserve">{label} </w:t></w:r>'))
        instruction = f" SEQ {label} \\* ARABIC "
        if simple:
            field = f'<w:fldSimple {w} w:instr="{instruction}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
            paragraph.append(parse_xml(field))
        else:
            for run in (
                '<w:fldChar w:fldCharType="begin"/>',
                f'<w:instrText xml:space="preserve">{instruction}</w:instrText>',
                '<w:fldChar w:fldCharType="separate"/>',
                "<w:t>1</w:t>",
                '<w:fldChar w:fldCharType="end"/>',
            ):
                paragraph.append(parse_xml(f"<w:r {w}>{run}</w:r>"))
        paragraph.append(parse_xml(f'<w:r {w}><w:t xml:space="preserve">{words}</w:t></w:r>'))

    word = WordDocument()
    word.core_properties.language = "en-GB"
    word.add_paragraph("Water for the Valley", style="Title")
    caption("Table", ": Costs of the repairs", simple=False)
    table = word.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ("Item", "Cost", "Pump", "1200"), strict=True):
        cell.text = text
    word.add_paragraph().add_run().add_picture(io.BytesIO(_png(40, 30, b"\xc0\x30\x30")))
    caption("Figure", ": The reservoir", simple=True)
    caption("Abbildung", ": Das Reservoir", simple=True)
    word.save(str(path))


def test_a_word_caption_keeps_its_number_and_prints_it_once(tmp_path: Path):
    """Word's Insert Caption numbers a caption itself: the catalog and every edition show that number, once."""
    (tmp_path / "seeds").mkdir()
    _word_captions(tmp_path / "seeds/captions.docx")
    assert toolkit(tmp_path, "extract").exit_code == 0
    msgids = {entry.msgid for entry in entries(tmp_path, "captions").values()}
    assert {"Table 1: Costs of the repairs", "Figure 1: The reservoir", "Abbildung 1: Das Reservoir"} <= msgids
    built = toolkit(tmp_path, "build", "--lang", "en", "--format", "pdf", "--format", "epub")
    assert built.exit_code == 0, built.output
    printed = pdf_text(tmp_path / "outputs/en/captions.pdf")
    assert "Table 1: Costs of the repairs" in printed and "Figure 1: The reservoir" in printed, printed
    assert "Table 1: Table" not in printed and "Figure 1: Figure" not in printed, printed
    book = zipfile.ZipFile(tmp_path / "outputs/en/captions.epub")
    xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert '<figcaption aria-hidden="true">Figure 1: The reservoir</figcaption>' in xhtml, xhtml


def test_a_caption_typed_with_its_number_is_not_numbered_again(tmp_path: Path):
    """The PDF numbers a caption that has no number of its own, in the edition's language; one that has, it leaves."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/map.png").write_bytes(_png(40, 30, b"\x20\x60\xa0"))
    (tmp_path / "seeds/wells.md").write_text(
        "---\ntitle: Wells\n---\n\n| Well | State |\n|---|---|\n| Mill | dry |\n\n: Table 1: The wells\n\n"
        "![Figure 1. The map](map.png)\n\n| Pump | State |\n|---|---|\n| North | broken |\n\n: The pumps\n",
        "utf-8",
    )
    assert toolkit(tmp_path, "init", "--lang", "es").exit_code == 0
    translate(tmp_path, "es", {"caption:the-pumps": "Las bombas"}, "wells")
    built = toolkit(tmp_path, "build", "--lang", "all", "--lang", "es+en", "--format", "pdf")
    assert built.exit_code == 0, built.output
    english = pdf_text(tmp_path / "outputs/en/wells.pdf")
    assert "Table 1: The wells" in english and "Figure 1. The map" in english, english
    assert "Table 1: Table" not in english and "Figure 1: Figure" not in english, english
    # The caption without a number is the first Typst counts.
    assert "Table 1: The pumps" in english, english
    assert "Tabla 1: Las bombas" in pdf_text(tmp_path / "outputs/es/wells.pdf")
    parallel = pdf_text(tmp_path / "outputs/es+en/wells.pdf")
    assert "Tabla 1: Las bombas" in parallel and "Table 1: The pumps" in parallel, parallel
