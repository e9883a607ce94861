"""Any document builds: a seed without a sidecar, and (below) other source formats.

What an edition needs and a seed does not say is made, with a warning
that says where to set it; the editions stay valid.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from docx import Document as DocxDocument
from pypdf import PdfReader

from .conftest import APPEAL, Run, epubcheck_all, pdf_lang


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

    built = run(tmp_path, "build", "--lang", "all", "--format", "pdf", "--format", "epub", "--format", "docx")
    assert built.exit_code == 0, built.output
    out = tmp_path / "outputs/es"
    pdf = PdfReader(out / "rural_schools.pdf")
    assert pdf.metadata is not None and pdf.metadata.title == "Rural schools"
    assert "/StructTreeRoot" in pdf.root_object and pdf_lang(pdf) == "es-ES"
    opf = next(n for n in zipfile.ZipFile(out / "rural_schools.epub").namelist() if n.endswith(".opf"))
    assert "<dc:title" in zipfile.ZipFile(out / "rural_schools.epub").read(opf).decode()
    check = epubcheck_all({"es": out / "rural_schools.epub"})["es"]
    assert check.valid and check.messages == []
    assert DocxDocument(str(out / "rural_schools.docx")).core_properties.title == "Rural schools"


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
