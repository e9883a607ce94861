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

from .conftest import APPEAL, Run, epubcheck_all


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
    assert "/StructTreeRoot" in pdf.trailer["/Root"] and pdf.trailer["/Root"]["/Lang"] == "es-ES"
    opf = next(n for n in zipfile.ZipFile(out / "rural_schools.epub").namelist() if n.endswith(".opf"))
    assert "<dc:title" in zipfile.ZipFile(out / "rural_schools.epub").read(opf).decode()
    check = epubcheck_all({"es": out / "rural_schools.epub"})["es"]
    assert check.valid and check.messages == []
    assert DocxDocument(str(out / "rural_schools.docx")).core_properties.title == "Rural schools"
