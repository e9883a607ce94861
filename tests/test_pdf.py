"""The PDF's compile: what the font check may take as printed without asking Typst, and PDFs compiled apart."""

from __future__ import annotations

import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from toolkit.editions import pdf
from toolkit.editions.pdf import BASE_COVERAGE, TypstFailed, _refused, typst_pdf, typst_pdf_apart, unprintable

from .conftest import Run

GOLDEN = Path(__file__).parent / "golden"


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


def test_a_pdf_compiled_apart_is_the_pdf_compiled_in_process():
    source = (GOLDEN / "letter-es" / "source.typ").read_bytes()
    assert typst_pdf_apart(source, 1544140800) == typst_pdf(source, 1544140800)


def test_typst_errors_come_back_from_the_child_process():
    with pytest.raises(Exception, match="unknown variable: nowhere") as in_process:
        typst_pdf(b"#nowhere\n", 1544140800)
    with pytest.raises(TypstFailed) as apart:
        typst_pdf_apart(b"#nowhere\n", 1544140800)
    assert str(apart.value) == str(in_process.value).strip()


def test_a_book_sized_pdf_is_made_apart_the_same_as_in_process(
    letter_project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
):
    edition = letter_project / "outputs" / "es" / "letter.pdf"
    assert run(letter_project, "build", "--lang", "es", "--format", "pdf").exit_code == 0
    in_process = edition.read_bytes()
    shutil.rmtree(letter_project / "outputs")
    # Any source is book-sized now: the build compiles the PDF in a child process.
    monkeypatch.setattr(pdf, "PDF_APART", 0)
    monkeypatch.setattr(pdf, "typst_pdf", None)  # not in this process: only the child may compile
    result = run(letter_project, "build", "--lang", "es", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert edition.read_bytes() == in_process


def test_a_book_whose_compile_is_killed_fails_in_one_line_and_leaves_nothing(
    letter_project: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    # What the kernel's out-of-memory killer does to a book's compile.
    killed = tmp_path / "python"
    killed.write_text("#!/bin/sh\nkill -KILL $$\n")
    killed.chmod(0o755)
    monkeypatch.setattr(pdf, "PDF_APART", 0)
    monkeypatch.setattr(sys, "executable", str(killed))
    result = run(letter_project, "build", "--lang", "es")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Error: outputs/es/letter.pdf: Typst failed: Typst's process was stopped by SIGKILL, "
        "as the system does when memory runs out"
    ]
    assert not list((letter_project / "outputs").glob("es/*"))
