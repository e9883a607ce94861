"""What GNU gettext reads in a catalog, the toolkit reads the same way; what it refuses, the toolkit names by line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from toolkit.catalogs import store

from .conftest import Run, one_error_line, snapshot

PO = "locale/es/LC_MESSAGES/letter.po"
COMMANDS = {
    "check": ("check", "--lang", "es"),
    "stats": ("stats", "--lang", "es"),
    "build": ("build", "--lang", "es", "--format", "docx"),
    "update": ("update",),
    "export": ("export", "--lang", "es"),
}


def _replace_msgstr(po: Path, old: str, new: str) -> int:
    """Put NEW for the msgstr OLD; return its line."""
    lines = po.read_text("utf-8").split("\n")
    number = lines.index(f'msgstr "{old}"')
    lines[number] = f'msgstr "{new}"'
    po.write_text("\n".join(lines), "utf-8")
    return number + 1


@pytest.mark.parametrize("marker", ["#~", "#~ ", "#|", "#~|"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_bare_obsolete_or_previous_marker_is_one_error_with_its_line(
    letter_project: Path, run: Run, command: str, marker: str
):
    po = letter_project / PO
    text = po.read_text("utf-8")
    po.write_text(text + f"\n{marker}\n", "utf-8")
    line = text.count("\n") + 2
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, *COMMANDS[command]))
    assert error.startswith(f"Error: {PO}:{line}: syntax error: `{marker.strip()}` with nothing after it"), error
    assert snapshot(letter_project) == before


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("escape", ["\\q", "\\", "\\xzz", "\\303"])
def test_an_escape_gnu_refuses_is_one_error_with_its_line(letter_project: Path, run: Run, command: str, escape: str):
    """GNU msgfmt refuses the first three; the last is half a character, which no edition can print."""
    po = letter_project / PO
    line = _replace_msgstr(po, "Notas", f"Notas{escape}")
    refused = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True).returncode != 0
    assert refused == (escape != "\\303")
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, *COMMANDS[command]))
    assert error.startswith(f"Error: {PO}:{line}: "), error
    assert snapshot(letter_project) == before


def test_octal_and_hex_escapes_are_read_as_gnu_reads_them(letter_project: Path, run: Run):
    po = letter_project / PO
    _replace_msgstr(po, "Notas", "\\116otas \\x41\\303\\251")  # "Notas Aé"
    gnu = subprocess.run(["msgcat", str(po)], capture_output=True, check=True).stdout.decode()
    assert 'msgstr "Notas Aé"' in gnu
    assert "Notas Aé" in [text for text, _ in store.translations(po).values()]
    assert run(letter_project, "update").exit_code == 0
    # Written back as msgcat writes it: the same text, no longer escaped.
    assert po.read_text("utf-8") == gnu
