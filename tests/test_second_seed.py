"""The second test seed through every part of the workflow: nothing is specific to the letter.

A publisher's existing Spanish translation is imported and reviewed, the
English catalog is the source itself, and from there the bilingual
edition, the CAT exchange, the web pages and the release bundle are made
from the same catalogs, as for the letter.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result

from toolkit.cli import cli

from .conftest import APPEAL, assert_valid_exchange, copy_project, epubcheck_all

SIDECAR_ES = {
    "title": "Mantengan abiertas nuestras escuelas rurales",
    "creator": "Asociaciones de docentes de las provincias del altiplano",
    "label:notes": "Notas",
    "publisher": "Asociación de Docentes del Altiplano",
    "label:contents": "Índice",
    "label:back": "Volver al texto",
    "label:accessibility": "Esta publicación cumple EPUB Accessibility 1.1 y las WCAG 2.2, nivel AA.",
    "signatories:teachers": "Firmantes",
}
"""The sidecar's strings, which a plain-text translation does not carry."""


def toolkit(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


@pytest.fixture(scope="module")
def appeal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(APPEAL, tmp_path_factory.mktemp("appeal"))
    assert toolkit(root, "init", "--lang", "es", "--lang", "en").exit_code == 0
    imported = toolkit(root, "import", "--lang", "es", str(APPEAL / "existing-es.txt"))
    assert imported.exit_code == 0 and imported.stderr == ""
    # The reviewer's pass: the imported translations are accepted, the
    # sidecar's strings translated, and the note the sidecar anchors (the
    # translation has no marker for it: `check` says so) placed at the end
    # of its sentence; English is the source itself.
    for lang in ("es", "en"):
        path = root / f"locale/{lang}/LC_MESSAGES/appeal.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.msgstr = entry.msgid if lang == "en" else entry.msgstr or SIDECAR_ES[entry.msgctxt]
            if "[^4]" in entry.msgid and "[^4]" not in entry.msgstr:
                entry.msgstr += "[^4]"
        catalog.save(str(path))
    return root


def test_the_reviewed_catalogs_are_complete_and_pass_check(appeal: Path):
    result = toolkit(appeal, "check")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout and "0 fuzzy, 0 untranslated" in result.stdout


def test_the_bilingual_edition_pairs_every_segment(appeal: Path):
    result = toolkit(appeal, "build", "--lang", "es+en", "--format", "epub", "--format", "docx")
    assert result.exit_code == 0, result.output
    book = zipfile.ZipFile(appeal / "outputs/es+en/appeal.epub")
    xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("EPUB/text/"))
    # 2 addressees (each a name set once across, then the two roles), 3
    # paragraphs and 3 list items, the closing, the signatories' heading and
    # list, the notes' heading and 4 notes.
    assert xhtml.count('<div class="pair') == 2 * 2 + 6 + 1 + 2 + 1 + 4
    assert "Ministra de Educación" in xhtml and "Minister of Education" in xhtml
    assert re.findall(r'id="note-([a-z]+)-[a-z]+-4"', xhtml) == ["es", "en"]  # note 4 once per language
    check = epubcheck_all({"appeal": appeal / "outputs/es+en/appeal.epub"})["appeal"]
    assert check.valid and check.messages == []


def test_xliff_and_tmx_round_trip(appeal: Path, tmp_path: Path):
    po = appeal / "locale/es/LC_MESSAGES/appeal.po"
    reviewed = {e.msgctxt: e.msgstr for e in polib.pofile(str(po))}
    for fmt in ("xliff", "tmx"):
        out = tmp_path / f"appeal.{fmt}"
        assert toolkit(appeal, "export", "--lang", "es", "--format", fmt, "--out", str(out)).exit_code == 0
        assert_valid_exchange(out)
        fresh = copy_project(appeal, tmp_path / f"fresh-{fmt}")
        (fresh / "locale/es/LC_MESSAGES/appeal.po").unlink()
        toolkit(fresh, "init", "--lang", "es")
        result = toolkit(fresh, "import", "--lang", "es", str(out))
        assert result.exit_code == 0 and "27 translated" in result.stdout, result.output
        assert {e.msgctxt: e.msgstr for e in polib.pofile(str(fresh / "locale/es/LC_MESSAGES/appeal.po"))} == reviewed


def test_the_web_pages_link_to_each_other(appeal: Path):
    assert toolkit(appeal, "build", "--lang", "all", "--format", "html").exit_code == 0
    page = (appeal / "outputs/es/appeal.html").read_text(encoding="utf-8")
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="es-ES"' in page or 'lang="es-ES"' in page
    assert 'href="../en/appeal.html"' in page and 'hreflang="en' in page
    assert 'href="appeal.pdf"' in page and 'href="appeal.epub"' in page
    assert "Mantengan abiertas nuestras escuelas rurales" in page


def test_the_release_bundle(appeal: Path):
    result = toolkit(appeal, "dist")
    assert result.exit_code == 0, result.output
    bundle = appeal / "outputs/dist/appeal-0.2.0"
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert {row["file"] for row in manifest["editions"]} == {
        f"appeal-0.2.0-{lang}.{fmt}" for lang in ("en", "es", "es+en") for fmt in ("pdf", "epub", "docx")
    }
    for line in (bundle / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == digest
