"""Importing an existing plain-text translation: aligned by structure, fuzzy for review, nothing overwritten."""

from __future__ import annotations

from pathlib import Path

import polib

from toolkit.catalogs import store as catalogs
from toolkit.commands.catalog import Project, init
from toolkit.commands.transfer import import_translations
from toolkit.document.readers.plaintext import read_seed
from toolkit.editions.translate import apply_translations

from .conftest import APPEAL, by_key, snapshot
from .plaintext import write_plain_text

SIDECAR_KEYS = {
    "title",
    "creator",
    "publisher",
    "description",
    *(f"label:{name}" for name in ("notes", "contents", "back", "accessibility")),
    "signatories:mexico",
    "signatories:guatemala",
}
"""Segments whose text comes from the sidecar, which a plain-text edition does not carry."""


def spanish_plain_text(root: Path) -> Path:
    """The shipped Spanish translation, written out as a plain-text edition."""
    document = read_seed(root / "seeds/letter.txt", root)
    po = root / "locale/es/LC_MESSAGES/letter.po"
    translated, _ = apply_translations(document, catalogs.translations(po), "es")
    path = root / "carta.txt"
    path.write_text(write_plain_text(translated), encoding="utf-8")
    return path


def test_a_known_translation_restores_its_catalog(letter_project: Path):
    existing = spanish_plain_text(letter_project)
    po = letter_project / "locale/es/LC_MESSAGES/letter.po"
    shipped = {e.msgctxt: e.msgstr for e in polib.pofile(str(po))}
    po.unlink()
    init(Project(letter_project), ["es"])
    report = import_translations(Project(letter_project), "es", existing)
    assert report.warnings == ()
    assert report.lines == ("locale/es/LC_MESSAGES/letter.po: 0 translated, 75 fuzzy, 0 unchanged",)
    restored = {e.msgctxt: e for e in polib.pofile(str(po))}
    for key, msgstr in shipped.items():
        if key in SIDECAR_KEYS:
            assert restored[key].msgstr == ""
        else:
            assert restored[key].msgstr == msgstr and restored[key].fuzzy, key


def test_translated_entries_are_never_overwritten(letter_project: Path):
    existing = spanish_plain_text(letter_project)
    existing.write_text(existing.read_text(encoding="utf-8").replace("Viola el derecho", "Vulnera el derecho"))
    po = letter_project / "locale/es/LC_MESSAGES/letter.po"
    before = po.read_bytes()
    report = import_translations(Project(letter_project), "es", existing)
    assert po.read_bytes() == before
    conflicts = [w for w in report.warnings if "is translated differently" in w]
    assert len(conflicts) == 2 and all(w.startswith("locale/es/LC_MESSAGES/letter.po:") for w in conflicts)
    assert "'item:it-violates-the-right-to-family'" in conflicts[0]


def test_blocks_that_cannot_be_aligned_are_reported_with_their_lines(letter_project: Path):
    existing = spanish_plain_text(letter_project)
    text = existing.read_text(encoding="utf-8")
    # The translator merged two paragraphs that carry no note: the stretch cannot be paired safely.
    existing.write_text(text.replace("dinero.\n\nEste tipo", "dinero. Este tipo"), encoding="utf-8")
    (letter_project / "locale/es/LC_MESSAGES/letter.po").unlink()
    init(Project(letter_project), ["es"])
    report = import_translations(Project(letter_project), "es", existing)
    lines = existing.read_text(encoding="utf-8").splitlines()
    merged_line = next(n for n, line in enumerate(lines, 1) if "dinero. Este tipo" in line)
    assert any(w.startswith(f"carta.txt:{merged_line}: not paired with seeds/letter.txt:43") for w in report.warnings)
    assert "carta.txt: the block at seeds/letter.txt:41 is left untranslated" in "\n".join(report.warnings)
    po = polib.pofile(str(letter_project / "locale/es/LC_MESSAGES/letter.po"))
    assert by_key(po, "note:7").msgstr  # everything else still comes in
    for key in ("paragraph:in-addition-to-the-above-mentioned", "paragraph:this-type-of-agreement-also-supports"):
        assert by_key(po, key).msgstr == ""


def test_an_existing_translation_of_the_second_seed(appeal_project: Path):
    project = Project(appeal_project)
    init(project, ["es"])
    before = snapshot(appeal_project / "seeds")
    report = import_translations(project, "es", APPEAL / "existing-es.txt")
    assert report.warnings == ()
    po = polib.pofile(str(appeal_project / "locale/es/LC_MESSAGES/appeal.po"))
    role = by_key(po, "addressee-role:ana-ruiz-pena")
    assert role.msgstr == "Ministra de Educación" and role.fuzzy
    item = by_key(po, "item:guarantee-free-daily-transport-for-every")
    assert item.msgstr == "garantizar transporte diario gratuito a cada alumno cuya escuela se cierre.[^3]"
    assert by_key(po, "note:2.2").msgstr == "Alumnos contados al inicio del ciclo escolar."
    assert by_key(po, "org:teachers:union-of-rural-educators").msgstr == "Unión de Educadores Rurales"
    assert snapshot(appeal_project / "seeds") == before
