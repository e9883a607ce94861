"""The PDF's Typst source: written by the toolkit, read by Typst as Pandoc's Typst writer would have it."""

from __future__ import annotations

import io
import json
import os
import re
from collections import Counter

import pytest
import typst
from pypdf import PdfReader

from toolkit.catalogs import store as catalogs
from toolkit.commands.catalog import Project
from toolkit.editions.ast import Node
from toolkit.editions.ast import text as text_nodes
from toolkit.editions.bilingual import to_bilingual_ast
from toolkit.editions.pandoc import convert, for_format, to_pandoc_ast
from toolkit.editions.pdf import BASE_FONTS, PDF_STANDARDS
from toolkit.editions.translate import apply_translations
from toolkit.editions.typefaces import FONTS_DIR
from toolkit.editions.typst_source import blocks, typst_document, typst_head

from .conftest import REPO, copy_project, write_catalog
from .test_languages import ARABIC


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = copy_project(REPO, tmp_path_factory.mktemp("typst"))
    write_catalog(root, "ar", lambda key, source: ARABIC.get(key, ""))
    return Project(root)


def pdf_ast(project: Project, langs: str) -> Node:
    """The AST of the letter's PDF in LANGS (`es`, or `es+en` for the bilingual edition)."""
    document = project.read(project.seeds()[0])
    translated = [
        apply_translations(document, catalogs.translations(project.catalog(lang, "letter")), lang, lang)[0]
        for lang in langs.split("+")
    ]
    tags = {"es": "es-MX", "en": "en-US", "ar": "ar-EG"}
    if len(translated) == 1:
        ast, _ = to_pandoc_ast(translated[0], tags[langs], "20 de diciembre de 2018", "urn:x")
    else:
        pair = langs.split("+")
        left, right = translated
        ast, _ = to_bilingual_ast(left, right, (tags[pair[0]], tags[pair[1]]), ("a", "b"), "urn:x")
    return for_format(ast, "pdf")


def page_texts(source: str) -> list[str]:
    pdf = typst.compile(  # type: ignore[call-overload]  # as in editions/pdf.py
        (BASE_FONTS + '#set page(paper: "us-letter")\n' + source).encode(),
        format="pdf",
        pdf_standards=list(PDF_STANDARDS),
        ignore_system_fonts=True,
        font_paths=[str(FONTS_DIR)],
    )
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def unnumbered(pages: list[str]) -> list[str]:
    """PAGES without the number at the foot of each, nor the bidi controls the text extraction adds.

    A run set left to right in a right-to-left line (a segment left in
    English in an Arabic edition) is read back between U+202A and U+202C.
    """
    return [re.sub(r"\d+\s*$", "", re.sub("[\u202a-\u202e\u2066-\u2069]", "", page)) for page in pages]


def letters(pages: list[str]) -> str:
    """The text of PAGES without its line breaks, hyphens or spaces.

    Hyphens go too: the toolkit sets the words a translation left in the
    source's language in that language, which Typst hyphenates where
    Pandoc's writer (which drops a Span's language) leaves them whole.
    """
    return "".join("".join(pages).replace("\xad", "").replace("-", "").split())


@pytest.mark.parametrize("langs", ["es", "en", "ar"])
def test_the_pdf_reads_as_with_pandocs_typst_writer(project: Project, langs: str):
    """The same text as when Pandoc wrote the body: same blocks, notes, lists and tables.

    Not page for page: the toolkit labels each block with its class, which
    the style spaces (the editor's note stands apart), and Pandoc's writer
    does not. The parallel edition is left out: its notes link back to their
    calls, which Pandoc's writer does not label (see the next test).
    """
    ast = pdf_ast(project, langs)
    body = convert(json.dumps(ast).encode(), "typst-smart", None, [], os.environ, langs).decode()
    ours, pandocs = page_texts(typst_document(ast)), page_texts(typst_head(ast["meta"]) + body)
    # The same characters, wherever the page breaks (and so the notes and page numbers) fall.
    assert len(ours) > 1 and abs(len(ours) - len(pandocs)) <= 1
    assert Counter(letters(unnumbered(ours))) == Counter(letters(unnumbered(pandocs)))


def test_the_parallel_pdf_links_inside_itself(project: Project):
    """Each note call goes to its note and each note back to its call: labels, not URIs a viewer cannot follow."""
    source = typst_document(pdf_ast(project, "es+en"))
    for tag in ("es-mx", "en-us"):
        for number in range(1, 9):
            assert f"#link(<note-{tag}-{number}>)" in source and f"#link(<note-ref-{tag}-{number}>)" in source
            assert f"] <note-{tag}-{number}>" in source and f"] <note-ref-{tag}-{number}>" in source
    assert '#link("#' not in source
    assert page_texts(source)  # Typst finds every label it links to


def test_notes_are_numbered_in_the_order_they_are_printed():
    """Each call carries its number (`typst_source._NOTE_NUMBERS`): a table's heading row before its body."""
    from toolkit.editions import ast

    def noted(words: str) -> list[Node]:
        return [*text_nodes(words), ast.note([ast.para(text_nodes(f"Note on {words}."))])]

    table = ast.table(
        [ast.row([ast.cell([ast.plain(noted("cell"))])])],
        aligns=["AlignDefault"],
        head=[ast.row([ast.cell([ast.plain(noted("heading"))])])],
        caption=[ast.plain(text_nodes("Costs"))],
    )
    meta: dict[str, Node] = {"title": {"t": "MetaInlines", "c": text_nodes("Carta")}}
    source = typst_document({"meta": meta, "blocks": [ast.para(noted("before")), table, ast.para(noted("after"))]})
    assert re.findall(r'#footnote\(numbering: _ => "(\d+)"\)\[#"Note on (\w+)', source) == [
        ("1", "before"),
        ("2", "heading"),
        ("3", "cell"),
        ("4", "after"),
    ]
    printed = " ".join("".join(page_texts(source)).split())
    for number, words in enumerate(("before", "heading", "cell", "after"), start=1):
        assert f"{number}. Note on {words}." in printed


def test_text_is_never_read_as_markup():
    hostile = '= *b* _i_ $x$ @ref <l> // c /* d \\ "q" -- --- ... ~ 1. - + #x [y] `z`'
    title: dict[str, Node] = {
        "title": {"t": "MetaInlines", "c": text_nodes(hostile)},
        "lang": {"t": "MetaString", "c": "en"},
    }
    text = "".join(page_texts(typst_head(title) + blocks([{"t": "Para", "c": text_nodes(hostile)}])))
    assert " ".join(text.split()).count(hostile) == 2  # as the title, and as the paragraph


def test_a_node_it_does_not_know_is_refused():
    with pytest.raises(ValueError, match="no Typst for the block RawBlock"):
        blocks([{"t": "RawBlock", "c": ["typst", "#x"]}])


@pytest.mark.parametrize("tag", ["es-419", "fr", "sr-Latn-RS", ""])
def test_any_language_tag_compiles(tag: str):
    """Typst takes two-letter regions only, and no empty language: what it cannot take is left out."""
    meta: dict[str, Node] = {
        "title": {"t": "MetaInlines", "c": text_nodes("Carta")},
        "lang": {"t": "MetaString", "c": tag},
    }
    div = {"t": "Div", "c": [["", [], [["lang", tag]]], [{"t": "Para", "c": text_nodes("Hola")}]]}
    assert "Hola" in "".join(page_texts(typst_head(meta) + blocks([div])))
