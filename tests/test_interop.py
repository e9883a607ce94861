"""Interoperation with the tools translators and their servers use: GNU msgmerge."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import Run

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
        assert ("2 fuzzy, 1 new, 1 obsolete" if step == 0 else "2 fuzzy, 0 new, 0 obsolete") in result.output
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
