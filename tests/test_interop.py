"""Interoperation with the tools translators and their servers use: GNU msgmerge, Weblate's PO writer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from translate.storage import po

from .conftest import Run, pdf_text

EDITS = [
    # A word changed mid-sentence: same key, new msgid.
    ("resist pressures from the Department", "resist the pressure of the Department"),
    # A sentence's first words changed: a new key, which takes the old entry's translation as fuzzy.
    ("In May 2018, DHS made a public proposal", "In the spring of 2018, DHS made a public proposal"),
    # A paragraph added.
    (
        "We ask your government to maintain",
        "We also recall the obligations Mexico accepted under international law.\n\nWe ask your government to maintain",
    ),
]
SECOND_EDITS = [
    ("resist the pressure of the Department", "resist the pressures of the Department"),
    ("In the spring of 2018, DHS made a public proposal", "In the spring of 2018, DHS made a formal proposal"),
]


def edit_seed(root: Path, edits: list[tuple[str, str]], remove: str | None = None) -> None:
    seed = root / "seeds" / "letter.txt"
    text = seed.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    if remove is not None:
        start = text.index(remove)
        text = text[:start] + text[text.index("\n\n", start) + 2 :]
    seed.write_text(text, encoding="utf-8")


def msgmerge(catalog: Path, template: Path, out: Path) -> bytes:
    subprocess.run(["msgmerge", "--previous", "--quiet", "-o", str(out), str(catalog), str(template)], check=True)
    return out.read_bytes()


def test_update_is_byte_identical_to_msgmerge_previous(
    letter_project: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    catalogs = sorted(letter_project.glob("locale/*/LC_MESSAGES/letter.po"))
    assert len(catalogs) == 2
    template = letter_project / "locale" / "letter.pot"
    for step, (edits, remove) in enumerate([(EDITS, "2. It creates obstacles"), (SECOND_EDITS, None)]):
        edit_seed(letter_project, edits, remove)
        assert run(letter_project, "extract").exit_code == 0
        expected = {
            path: msgmerge(path, template, tmp_path / f"{path.parent.parent.name}.{step}.po") for path in catalogs
        }
        result = run(letter_project, "update")
        assert result.exit_code == 0, result.output
        # One fuzzy per edited sentence, and in the first round a new entry and an obsolete one.
        assert (
            "2 newly fuzzy, 1 new, 1 obsolete" if step == 0 else "2 newly fuzzy, 0 new, 0 obsolete"
        ) in result.output
        for path in catalogs:
            assert path.read_bytes() == expected[path], f"round {step}: {path} differs from msgmerge --previous"
        text = catalogs[0].read_text(encoding="utf-8")
        assert '#| msgctxt "paragraph:in-particular-we-demand-that-our"\n' in text
        assert '#| msgctxt "paragraph:in-may-2018-dhs-made-a"\n' in text


def test_msgmerge_and_update_agree_on_the_shipped_catalogs(letter_project: Path, run: Run, tmp_path: Path) -> None:
    template = letter_project / "locale" / "letter.pot"
    for path in letter_project.glob("locale/*/LC_MESSAGES/letter.po"):
        shutil.copy(path, tmp_path / "before.po")
        assert msgmerge(tmp_path / "before.po", template, tmp_path / "after.po") == path.read_bytes()


def test_a_note_inserted_in_a_letter_moves_the_later_notes_translations_as_msgmerge(
    appeal_project: Path, run: Run, tmp_path: Path
) -> None:
    """A letter's notes are keyed by number: each later note takes the translation of its own text, not its number's."""
    assert run(appeal_project, "init", "--lang", "es").exit_code == 0
    path = appeal_project / "locale" / "es" / "LC_MESSAGES" / "appeal.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = f"ES {entry.msgid}"
    catalog.save(str(path))
    before = tmp_path / "before.po"
    before.write_bytes(path.read_bytes())
    # A note inserted as the second: the later ones, their calls and the sidecar's anchor are renumbered.
    seed = appeal_project / "seeds" / "appeal.txt"
    text = seed.read_text(encoding="utf-8")
    for number in (4, 3, 2):
        text = text.replace(f"[{number}]", f"[{number + 1}]")
    text = text.replace("on foot, and no transport", "on foot,[2] and no transport")
    text = text.replace("\n\n[3] Figures", "\n\n[2] Some walk twelve kilometres.\n\n[3] Figures")
    seed.write_text(text, encoding="utf-8")
    sidecar = appeal_project / "seeds" / "appeal.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("[notes.4]", "[notes.5]"), encoding="utf-8")
    result = run(appeal_project, "update")
    assert result.exit_code == 0, result.output
    ours = {e.msgctxt: e for e in polib.pofile(str(path)) if e.msgctxt and e.msgctxt.startswith("note:")}
    gnu = msgmerge(before, appeal_project / "locale" / "appeal.pot", tmp_path / "gnu.po")
    theirs = {e.msgctxt: e for e in polib.pofile(gnu.decode("utf-8")) if e.msgctxt and e.msgctxt.startswith("note:")}
    assert ours["note:2"].msgid == "Some walk twelve kilometres." and ours["note:2"].msgstr == ""
    assert ours["note:5"].msgstr == "ES This letter is published under a Creative Commons licence."
    for key in ("note:3", "note:4", "note:5"):
        assert ours[key].msgstr == f"ES {ours[key].msgid}", key
        assert str(ours[key]) == str(theirs[key]), key


def weblate_save(path: Path, change: dict[str, str] | None = None) -> bytes:
    """Load and save the catalog at PATH as Weblate does, through the Translate Toolkit's PO storage.

    CHANGE maps keys to new translations, which Weblate saves as finished,
    with the header fields it sets on every commit.
    """
    store = po.pofile.parsefile(str(path))
    if change:
        for unit in store.units:
            if unit.getcontext() in change:
                unit.target = change[unit.getcontext()]
                unit.markfuzzy(False)
        store.updateheader(
            add=True,
            PO_Revision_Date="2026-11-29 10:00+0000",
            Last_Translator="Ana Pérez <ana@example.org>",
            X_Generator="Weblate 5.14",
        )
    path.write_bytes(bytes(store))
    return path.read_bytes()


def test_weblate_round_trip(letter_project: Path, run: Run) -> None:
    catalogs = sorted(letter_project.glob("locale/*/LC_MESSAGES/letter.po"))
    spanish = letter_project / "locale" / "es" / "LC_MESSAGES" / "letter.po"
    # Weblate's writer leaves the catalogs byte for byte.
    for path in catalogs:
        before = path.read_bytes()
        assert weblate_save(path) == before, path
    saved = weblate_save(spanish, {"paragraph:we-organizations-that-work-in-defense": "Nosotras instamos al Gobierno."})

    check = run(letter_project, "check")
    assert check.exit_code == 0 and "0 errors, 0 warnings" in check.output, check.output
    build = run(letter_project, "build", "--lang", "es", "--format", "pdf")
    assert build.exit_code == 0, build.output
    assert "Nosotras instamos al Gobierno." in pdf_text(letter_project / "outputs" / "es" / "letter.pdf")
    # The seed moves on: the first update makes the edited entry fuzzy, the second changes nothing.
    edit_seed(letter_project, EDITS[:1])
    first = run(letter_project, "update")
    assert first.exit_code == 0 and first.output.count("1 newly fuzzy") == 2, first.output
    assert spanish.read_bytes() != saved
    merged = {path: path.read_bytes() for path in catalogs}
    second = run(letter_project, "update")
    assert second.output.count("(unchanged)") == 2, second.output
    assert {path: path.read_bytes() for path in catalogs} == merged
    # Weblate reads the merged catalog and writes it back unchanged, previous source included;
    # the translator's fix goes through `toolkit update` untouched.
    assert weblate_save(spanish) == merged[spanish]
    fixed = weblate_save(spanish, {"paragraph:in-particular-we-demand-that-our": "En particular, exigimos."})
    assert "(unchanged)" in run(letter_project, "update").output.splitlines()[-1]
    assert spanish.read_bytes() == fixed
