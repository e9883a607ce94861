"""The EPUB as a reading system and a screen reader meet it: numbered notes, navigation, true metadata, Ace."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import cli

from .conftest import REPO, ace_violations, copy_project

EDITIONS = ("es", "en", "es+en")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(REPO, tmp_path_factory.mktemp("a11y"))
    args = ["-C", str(root), "build", "--format", "epub", "--format", "html"]
    result = CliRunner().invoke(cli, [*args, *(f"--lang={lang}" for lang in EDITIONS)])
    assert result.exit_code == 0, result.output
    return root


def entries(root: Path, lang: str, suffix: str) -> str:
    book = zipfile.ZipFile(root / "outputs" / lang / "letter.epub")
    return "".join(book.read(name).decode() for name in book.namelist() if name.endswith(suffix))


def test_ace_finds_no_violation_in_any_edition(books: Path, tmp_path: Path):
    epubs = {lang: books / "outputs" / lang / "letter.epub" for lang in EDITIONS}
    assert ace_violations(epubs, tmp_path) == {lang: [] for lang in EDITIONS}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_epub_notes_are_numbered_and_lead_back(books: Path, lang: str):
    page = entries(books, lang, "ch001.xhtml")
    notes = re.findall(
        r'<aside epub:type="footnote" role="doc-footnote" id="fn(\d+)"[^>]*>\s*<p><a href="#fnref(\d+)"'
        r' class="footnote-back" role="doc-backlink" aria-label="([^"]+)">(\d+)</a>',
        page,
    )
    assert [n[0] for n in notes] == [str(n) for n in range(1, 9)]
    assert all(aside == back == shown for aside, back, _, shown in notes)
    assert notes[0][2] == ("1: Volver al texto" if lang == "es" else "1: Back to the text")
    for number in range(1, 9):  # and each call leads to its note
        assert re.search(
            rf'<a href="#fn{number}" class="footnote-ref" id="fnref{number}"[^>]*><sup>{number}</sup>', page
        )


def test_epub_navigation_and_pages_are_named_in_their_language(books: Path):
    nav = entries(books, "es", "nav.xhtml")
    assert '<h1 id="toc-title">Índice</h1>' in nav
    assert re.search(r'<nav epub:type="landmarks"[^>]*>.*epub:type="bodymatter"', nav, re.S)
    page = entries(books, "es", "ch001.xhtml")
    assert "<title>Carta abierta al Gobierno de México" in page and ".xhtml</title>" not in page
    assert '<h1 id="toc-title">Contents</h1>' in entries(books, "en", "nav.xhtml")


def test_epub_metadata_claims_what_is_true(books: Path):
    opf = entries(books, "es", ".opf")
    assert "<dc:publisher>Programa de las Américas</dc:publisher>" in opf
    assert "<dc:description>Organizaciones mexicanas y guatemaltecas instan" in opf
    assert '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>' in opf
    assert re.search(r'<meta property="schema:accessibilitySummary">Esta publicación cumple', opf)
    assert "alternativeText" not in opf  # the book has no images to describe
    features = re.findall(r'<meta property="schema:accessibilityFeature">([^<]+)<', opf)
    assert features == ["displayTransformability", "readingOrder", "structuralNavigation", "tableOfContents"]


def test_the_web_page_head_names_every_language_and_the_page(books: Path):
    page = (books / "outputs" / "es" / "letter.html").read_text("utf-8")
    head = page[: page.index("</head>")]
    for lang in ("es", "en"):
        assert f'<link rel="alternate" hreflang="{lang}" href="../{lang}/letter.html" />' in head
    assert '<meta name="description" content="Organizaciones mexicanas y guatemaltecas instan' in head
    assert "header p.date" in head  # Pandoc writes the date as p.date in the page's header
    assert '<a href="../es+en/letter.html">español / English</a>' in page  # the parallel edition the sidecar lists
    assert re.search(
        r'<a href="#fnref1" class="footnote-back" role="doc-backlink" aria-label="1: Volver al texto">', page
    )
