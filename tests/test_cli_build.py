"""`toolkit build` as distributors run it, on the shipped catalogs and on the second seed."""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from docx import Document as DocxDocument
from pypdf import PdfReader

from toolkit.cli import cli
from toolkit.document.readers.plaintext import read_seed

from .conftest import REPO, by_key, copy_project, epubcheck_all, footnote_refs, footnotes, pdf_lang, pdf_text, snapshot


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory):
    """The repository's letter and catalogs, built once in every language, as the README says."""
    root = copy_project(REPO, tmp_path_factory.mktemp("shipped"))
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--lang", "all"])
    return root, result


def squash(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]", "", text)


def edition(root: Path, lang: str, fmt: str, domain: str = "letter") -> Path:
    return root / "outputs" / lang / f"{domain}.{fmt}"


def test_the_build_reports_each_edition_and_no_fallback(shipped):
    root, result = shipped
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for lang in ("en", "es"):
        assert any(line.startswith(f"outputs/{lang}/letter.pdf: ") and line.endswith(" pages") for line in lines)
        assert any(line.startswith(f"outputs/{lang}/letter.epub: ") and line.endswith(" KB") for line in lines)
        assert edition(root, lang, "docx").stat().st_size > 10_000
        # The letter's own date, as Word shows it in the document's properties.
        created = DocxDocument(str(edition(root, lang, "docx"))).core_properties.created
        assert created is not None and created.date() == datetime.date(2018, 12, 7)
    assert lines[-1] == "6 of 6 editions built"
    # The shipped catalogs are complete, and the seed's gap in the notes is acknowledged: no warning.
    assert result.stderr == ""


def test_the_shipped_epubs_pass_epubcheck(shipped):
    root, _ = shipped
    for lang, check in epubcheck_all({lang: edition(root, lang, "epub") for lang in ("en", "es")}).items():
        assert check.valid and [(m.level, m.message) for m in check.messages] == [], lang


def test_the_shipped_docx_notes_are_real_and_aligned(shipped):
    root, _ = shipped
    document = read_seed(root / "seeds" / "letter.txt", root)
    for lang in ("en", "es"):
        assert len([i for i in footnotes(edition(root, lang, "docx")) if i > 0]) == len(document.notes) == 8
    assert footnote_refs(edition(root, "es", "docx")) == footnote_refs(edition(root, "en", "docx"))


def test_the_spanish_pdf_is_in_spanish(shipped):
    root, _ = shipped
    path = edition(root, "es", "pdf")
    text = pdf_text(path)
    flat = squash(text)
    catalog = polib.pofile(str(root / "locale/es/LC_MESSAGES/letter.po"))
    title = by_key(catalog, "title").msgstr
    assert " ".join(title.split()[:6]) in text and "7 de diciembre de 2018" in text
    for entry in catalog:
        if entry.msgctxt.startswith("note:"):
            # Compared without spaces and hyphens: line breaks may fall inside "Air-Ground".
            assert squash(" ".join(entry.msgstr.split()[:5])) in flat, entry.msgctxt
    assert pdf_lang(PdfReader(path)) == "es-MX"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_pdf_numbers_its_notes_in_reading_order_as_the_docx_does(shipped, lang: str):
    root, _ = shipped
    flat = squash("".join(page.extract_text() for page in PdfReader(edition(root, lang, "pdf")).pages))
    docx = footnotes(edition(root, lang, "docx"))
    in_word = [docx[i] for refs in footnote_refs(edition(root, lang, "docx")) for i in refs]
    # Each note at a page's foot opens with its number, the Word edition's, in the same order.
    found = [flat.find(squash(f"{number}. {note}")[:24]) for number, note in enumerate(in_word, start=1)]
    assert -1 not in found and found == sorted(found)
    # And no note is printed twice, numbered on past the last (a counter that steps once more per layout).
    assert squash(f"{len(in_word) + 1}. ") + squash(in_word[0])[:12] not in flat


@pytest.mark.parametrize("lang", ["es", "en"])
def test_names_and_offices_are_never_hyphenated_in_print(shipped, lang: str):
    root, _ = shipped
    text = "\n".join(page.extract_text() for page in PdfReader(edition(root, lang, "pdf")).pages)
    catalog = polib.pofile(str(root / "locale" / lang / "LC_MESSAGES" / "letter.po"))
    names = [
        entry.msgstr or entry.msgid
        for entry in catalog
        if entry.msgctxt.split(":")[0] in ("org", "addressee", "addressee-role") and not entry.obsolete
    ]
    assert len(names) > 30
    for name in names:
        # A line may end between its words or after a hyphen it has ("Salud-Guatemala"), never
        # inside a word: there Typst's break is a soft hyphen.
        words = r"\s+".join(r"[-\xad]\s*".join(map(re.escape, word.split("-"))) for word in name.split())
        assert re.search(words, text), name
    epub = zipfile.ZipFile(edition(root, lang, "epub"))
    css = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
    assert re.search(r"div\.addressees, div\.signatories[^{]*\{ hyphens: manual;", css)


def test_format_out_and_quiet(shipped, tmp_path: Path):
    root, _ = shipped
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", "--lang", "es", "--format", "epub", "--out", str(tmp_path / "dist"), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert sorted(p.name for p in (tmp_path / "dist" / "es").iterdir()) == ["letter.epub"]
    assert (tmp_path / "dist" / "es" / "letter.epub").read_bytes() == edition(root, "es", "epub").read_bytes()


def test_a_second_build_rebuilds_nothing(shipped):
    root, _ = shipped
    before = snapshot(root / "outputs")
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--lang", "all"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "6 editions up to date; nothing rebuilt"
    assert snapshot(root / "outputs") == before
    # One edition is counted as one.
    one = ["-C", str(root), "build", "--lang", "es", "--format", "epub"]
    assert CliRunner().invoke(cli, one).stdout.splitlines()[-1] == "1 edition up to date; nothing rebuilt"
    edition(root, "es", "epub").unlink()
    assert CliRunner().invoke(cli, one).stdout.splitlines()[-1] == "1 of 1 edition built"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--lang", "fr"],
            "locale/fr/LC_MESSAGES/letter.po: no catalog for 'fr'; create it with `toolkit init --lang fr`",
        ),
        (["--lang", "xx"], "unknown language 'xx'"),
        (["--lang", "es", "--format", "rtf"], "Invalid value for '--format'"),
    ],
    ids=["no-catalog", "unknown-lang", "unknown-format"],
)
def test_bad_build_requests_are_one_line(letter_project: Path, args, expected):
    before = snapshot(letter_project)
    result = CliRunner().invoke(cli, ["-C", str(letter_project), "build", *args])
    assert result.exit_code == 2
    assert expected in result.stderr and "Traceback" not in result.output
    assert snapshot(letter_project) == before


def test_the_second_seed_builds_with_its_own_notes(appeal_project: Path):
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(appeal_project), "init", "--lang", "es"]).exit_code == 0
    result = runner.invoke(cli, ["-C", str(appeal_project), "build", "--lang", "es"])
    assert result.exit_code == 0, result.output
    assert (
        "es: warning: 27 of 27 segments use the source text "
        "(27 untranslated, 0 fuzzy, 0 with token or placeholder problems)" in result.stderr
    )
    docx = edition(appeal_project, "es", "docx", "appeal")
    notes = [text for i, text in footnotes(docx).items() if i > 0]
    assert len(notes) == 4 and notes[-1] == "This letter is published under a Creative Commons licence."
    text = pdf_text(edition(appeal_project, "es", "pdf", "appeal"))
    assert "Keep Our Rural Schools Open" in text and "Pupils counted at the start of the school year." in text
    opf = zipfile.ZipFile(edition(appeal_project, "es", "epub", "appeal")).read("EPUB/content.opf").decode()
    assert "<dc:language>es-ES</dc:language>" in opf  # no [regions] in its sidecar: Babel's likeliest


def lines_at(path: Path) -> list[tuple[int, float, float, str]]:
    """Each run of text of a PDF: page, x, y and text, as pypdf reads them."""
    runs: list[tuple[int, float, float, str]] = []
    for number, page in enumerate(PdfReader(path).pages):

        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                runs.append((number, round(cm[4] + tm[4], 1), round(cm[5] + tm[5], 1), text))

        page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_pdf_reads_as_a_book(shipped, lang: str):
    root, _ = shipped
    path = edition(root, lang, "pdf")
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    # A measure of 65 to 80 characters: the body's full lines, not the notes' (set smaller).
    lengths = sorted(len(line) for line in text.splitlines() if len(line) > 50)
    assert 65 <= lengths[len(lengths) // 2] <= 80, lengths
    # Headings are never hyphenated ("Mé-xico", "Gua-temala"): each reads whole, its line breaks as spaces.
    catalog = polib.pofile(str(root / f"locale/{lang}/LC_MESSAGES/letter.po"))
    flowing = " ".join(text.split())
    for key in ("title", "signatories:mexico", "signatories:guatemala"):
        assert by_key(catalog, key).msgstr in flowing, key
    # A note of two paragraphs keeps both at the note's indent, right of its hanging number.
    runs = lines_at(path)
    second = "Ver también" if lang == "es" else "See also"
    start = next(r for r in runs if r[3].startswith(second))
    number = next(r for r in runs if r[0] == start[0] and re.fullmatch(r"4\.\s*", r[3]))
    first = next(r for r in runs if r[0] == start[0] and r[2] == number[2] and r is not number)
    assert start[1] == first[1] > number[1]
