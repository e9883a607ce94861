"""Input an attacker or an unlucky user gives: huge note labels, characters no font or XML takes, odd paths."""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from .conftest import Run, snapshot

PO = "locale/es/LC_MESSAGES/letter.po"


def _limit_memory() -> None:
    # Far more than reading a seed takes, far less than a set of every number up to a label.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_a_huge_note_label_is_one_warning_per_gap_in_bounded_memory(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "x.txt").write_text(
        "Dear friends,\n\nWe write.[1] Again.[7] Far.[1000000000000]\n\nSincerely.\n\n"
        "[1] One.\n\n[7] Seven.\n\n[1000000000000] Far away.\n",
        "utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(tmp_path), "extract"],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_memory,
    )
    assert done.returncode == 0, done.stderr
    gaps = [line for line in done.stderr.splitlines() if "missing from the sequence" in line]
    assert gaps == [
        "seeds/x.txt:9: warning: notes 2 to 6 are missing from the sequence of notes",
        "seeds/x.txt:11: warning: notes 8 to 999999999999 are missing from the sequence of notes",
    ]


def test_a_gap_the_sidecar_knows_of_splits_the_warning(tmp_path: Path, run: Run):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "x.txt").write_text("Hello.[1][9]\n\n[1] One.\n\n[9] Nine.\n", "utf-8")
    (seeds / "x.toml").write_text('[document]\ntitle = "X"\n\n[notes.4]\nlost = "never received"\n', "utf-8")
    before = snapshot(tmp_path)
    result = run(tmp_path, "extract")
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if "missing" in line] == [
        "seeds/x.txt:5: warning: notes 2 to 3 are missing from the sequence of notes",
        "seeds/x.txt:5: warning: notes 5 to 8 are missing from the sequence of notes",
    ]
    assert set(snapshot(tmp_path)) - set(before) == {"locale/x.pot"}


XML_FORBIDS = "\ufffe\uffff\ufdd0\U0001ffff\x85"
"""Two characters XML forbids, two noncharacters EPUBCheck refuses, and a C1 control."""


def test_characters_xml_forbids_are_flagged_by_check_and_stripped_by_the_build(letter_project: Path, run: Run):
    po = letter_project / PO
    text = po.read_text("utf-8")
    po.write_text(text.replace('"Nota del editor: El 7', f'"Nota{XML_FORBIDS} del editor: El 7', 1), "utf-8")
    rows = po.read_text("utf-8").split("\n")
    line = next(n for n, row in enumerate(rows, 1) if row.startswith(f'"Nota{XML_FORBIDS}')) - 1  # its msgstr
    checked = run(letter_project, "check", "--lang", "es")
    assert checked.exit_code == 1, checked.output
    findings = [row for row in checked.output.splitlines() if "[control-char]" in row]
    assert len(findings) == 1 and "U+FFFE noncharacter" in findings[0] and "U+0085" in findings[0], findings
    assert findings[0].startswith(f"{PO}:{line}: error: [control-char]"), findings
    built = run(letter_project, "build", "--lang", "es", "--format", "epub", "--format", "docx")
    assert built.exit_code == 0, built.output
    assert "U+FFFE" in built.stderr
    for edition in ("letter.epub", "letter.docx"):
        with zipfile.ZipFile(letter_project / "outputs" / "es" / edition) as archive:
            for name in archive.namelist():
                if name.endswith((".xhtml", ".xml", ".opf")):
                    data = archive.read(name).decode("utf-8")
                    ElementTree.fromstring(data)  # well-formed
                    assert not set(XML_FORBIDS) & set(data), name


def test_a_character_no_font_has_is_found_by_check_and_named_by_the_build(letter_project: Path, run: Run):
    po = letter_project / PO
    po.write_text(po.read_text("utf-8").replace('msgstr "Notas"\n', 'msgstr "Notas 😀"\n', 1), "utf-8")
    line = po.read_text("utf-8").split("\n").index('msgstr "Notas 😀"') + 1
    checked = run(letter_project, "check", "--lang", "es")
    assert checked.exit_code == 1, checked.output
    assert f"{PO}:{line}: error: [font] no font of the PDF has '😀' (U+1F600 GRINNING FACE)" in checked.output
    before = snapshot(letter_project)
    built = run(letter_project, "build", "--lang", "es")
    assert built.exit_code == 2 and "Traceback" not in built.output, built.output
    assert built.stderr.splitlines() == [
        f"Error: {PO}: entry 'label:notes': no font of the PDF has '😀' (U+1F600 GRINNING FACE); "
        "replace or remove it in the translation, or make the other formats only (--format epub --format docx)"
    ]
    assert snapshot(letter_project) == before
    assert run(letter_project, "build", "--lang", "es", "--format", "epub", "--format", "docx").exit_code == 0


def test_a_catalog_linked_to_another_file_does_not_print_its_lines(letter_project: Path, run: Run, tmp_path: Path):
    secret = tmp_path / "secret"
    secret.write_text('msgid ""\nmsgstr ""\n"Language: es\\n"\n\ntoken-8f2c71\n', "utf-8")
    (letter_project / PO).unlink()
    (letter_project / PO).symlink_to(secret)
    result = run(letter_project, "check", "--lang", "es")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: {PO}:5: not a catalog GNU gettext reads (see `msgfmt --check`); it is a link to {secret}, "
        "whose lines are not shown\n"
    )


@pytest.mark.parametrize("out", [PO, "locale/letter.pot", "seeds/letter.toml", "seeds/letter.txt"])
def test_export_does_not_replace_an_input(letter_project: Path, run: Run, out: str):
    before = snapshot(letter_project)
    result = run(letter_project, "export", "--lang", "es", "--out", str(letter_project / out))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {out}: will not write over the project's inputs"), result.stderr
    assert snapshot(letter_project) == before


def test_an_error_stays_one_line_when_an_option_holds_a_newline(letter_project: Path, run: Run):
    result = run(letter_project, "import", "--lang", "es", "two\nlines.xlf")
    assert result.exit_code == 2, result.output
    assert result.stderr == "Error: two\\nlines.xlf: no such file to import\n"


def test_characters_xml_forbids_in_the_seed_are_stripped_with_a_warning(tmp_path: Path, run: Run):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "x.txt").write_text(f"Dear friends,\n\nWe write{XML_FORBIDS} to you.\n", "utf-8")
    result = run(tmp_path, "extract")
    assert result.exit_code == 0, result.output
    assert (
        "seeds/x.txt:3: warning: removed invisible control, bidi or noncharacters "
        "U+FFFE, U+FFFF, U+FDD0, U+1FFFF, U+0085; no edition prints them"
    ) in result.stderr
    template = (tmp_path / "locale" / "x.pot").read_text("utf-8")
    assert "We write to you." in template and not set(XML_FORBIDS) & set(template)
