"""Faults: one bad file among many, a catalog saved mid-build, file systems that refuse a write, killed runs.

The file-system faults are real: a read-only tmpfs, a 64 KB tmpfs, a
read-only bind mount. Mounting needs root with CAP_SYS_ADMIN; where the
machine does not allow it those tests are skipped, and say so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from toolkit.commands.build import build
from toolkit.commands.catalog import Project
from toolkit.editions import pdf

from .conftest import Run, one_error_line, snapshot

PO = "locale/es/LC_MESSAGES/letter.po"
EN_PO = "locale/en/LC_MESSAGES/letter.po"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _temporaries(root: Path) -> list[Path]:
    return [path for path in root.rglob(".*") if path.name.endswith(".tmp")]


def _change_the_seed(root: Path) -> None:
    """Give the seed a new paragraph, so `update` has a template and every catalog to rewrite."""
    _edit(root / "seeds" / "letter.txt", "\n\n", "\n\nA paragraph the editor has just added.\n\n")


# -- One bad input among many: nothing is written --------------------------------


def test_update_with_one_malformed_catalog_writes_no_file(letter_project: Path, run: Run):
    _change_the_seed(letter_project)
    _edit(letter_project / EN_PO, 'msgstr "Notes"\n', 'msgstr "Notes\n')
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, "update"))
    assert error.startswith(f"Error: {EN_PO}:") and "unterminated string" in error
    assert snapshot(letter_project) == before  # the template and the Spanish catalog too


# -- Stale editions ----------------------------------------------------------------


def test_a_catalog_saved_during_a_build_is_built_again(letter_project: Path):
    project = Project(letter_project)
    catalog = letter_project / PO

    def save_the_catalog(result: object, done: int, total: int) -> None:
        # The catalog has been read: a translator saves it while the edition is made.
        _edit(catalog, '"Nota del editor: El 7', '"Nota de la redacción: El 7')

    first = build(project, ["es"], ["docx"], progress=save_the_catalog)
    assert len(first.built) == 1
    second = build(project, ["es"], ["docx"])
    assert len(second.built) == 1, second.summary()
    docx = letter_project / "outputs" / "es" / "letter.docx"
    assert "Nota de la redacción" in zipfile.ZipFile(docx).read("word/document.xml").decode()


# -- File systems that refuse a write ----------------------------------------------

Mount = Callable[..., Path]


@pytest.fixture
def mount(tmp_path: Path) -> Iterator[Mount]:
    """Mount a file system for one test (`mount ARGS... TARGET`), unmounted afterwards."""
    mounted: list[Path] = []

    def do(target: Path, *args: str) -> Path:
        target.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"this machine does not let the tests mount a file system: {done.stderr.strip()}")
        mounted.append(target)
        return target

    yield do
    for target in reversed(mounted):
        subprocess.run(["umount", "-l", str(target)], check=False)


def _read_only_bind(mount: Mount, folder: Path) -> None:
    mount(folder, "--bind", str(folder))
    done = subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"this machine does not let the tests remount a folder read-only: {done.stderr.strip()}")


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system of FOLDER until LEAVE bytes are free."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    (folder / "filler").write_bytes(b"\0" * max(0, free - leave))


def test_a_read_only_output_folder(letter_project: Path, run: Run, mount: Mount, tmp_path: Path):
    out = mount(tmp_path / "ro", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs")
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, "build", "--lang", "es", "--format", "docx", "--out", str(out)))
    assert "cannot write: Read-only file system" in error, error
    assert snapshot(letter_project) == before


def test_a_full_output_folder(letter_project: Path, run: Run, mount: Mount, tmp_path: Path):
    out = mount(tmp_path / "full", "-t", "tmpfs", "-o", "size=64k", "tmpfs")
    error = one_error_line(run(letter_project, "build", "--lang", "es", "--format", "pdf", "--out", str(out)))
    assert "cannot write: No space left on device" in error, error
    assert _temporaries(out) == []
    assert not (out / "es" / "letter.pdf").exists()


def test_an_output_folder_under_a_file(letter_project: Path, run: Run):
    (letter_project / "outputs").write_text("a file, not a folder")
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, "build", "--lang", "es", "--format", "docx"))
    assert error.startswith("Error: outputs/es/letter.docx: cannot write: a file stands where a folder must be"), error
    assert snapshot(letter_project) == before


def test_an_output_folder_in_proc(letter_project: Path, run: Run):
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, "build", "--lang", "es", "--format", "docx", "--out", "/proc/toolkit"))
    assert error.startswith("Error: /proc/toolkit/es/letter.docx: cannot write: "), error
    assert snapshot(letter_project) == before


def test_update_in_a_read_only_locale_folder(letter_project: Path, run: Run, mount: Mount):
    _change_the_seed(letter_project)
    _read_only_bind(mount, letter_project / "locale")
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, "update"))
    assert error.startswith("Error: locale/letter.pot: cannot write: Read-only file system"), error
    assert snapshot(letter_project) == before


def test_update_on_a_full_disk(letter_project: Path, run: Run, mount: Mount, tmp_path: Path):
    _change_the_seed(letter_project)
    saved = tmp_path / "saved-locale"
    (letter_project / "locale").rename(saved)
    locale = mount(letter_project / "locale", "-t", "tmpfs", "-o", "size=256k", "tmpfs")
    subprocess.run(["cp", "-a", f"{saved}/.", str(locale)], check=True)
    _fill(locale, 8192)
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, "update"))
    assert "cannot write: No space left on device; free some space" in error, error
    assert snapshot(letter_project) == before
    assert _temporaries(letter_project) == []


# -- A killed run's temporary files are removed by the next run -----------------------

_KILLED = """
import os, sys
from pathlib import Path
from toolkit.files import write_temporary
write_temporary(Path(sys.argv[1]), b"half an edition")
os.kill(os.getpid(), 9)
"""


def _killed_while_writing(path: Path) -> Path:
    done = subprocess.run([sys.executable, "-c", _KILLED, str(path)], check=False)
    assert done.returncode == -9
    (left,) = _temporaries(path.parent)
    return left


@pytest.mark.parametrize(
    ("target", "command"),
    [
        ("outputs/es/letter.docx", ("build", "--lang", "es", "--format", "docx")),
        (PO, ("update",)),
    ],
    ids=["build", "update"],
)
def test_the_next_run_removes_what_a_killed_run_left(letter_project: Path, run: Run, target: str, command):
    left = _killed_while_writing(letter_project / target)
    running = letter_project / target
    # A temporary file of a process still running (a build at the same time) is its own.
    mine = running.parent / f".{running.name}.toolkit-{os.getpid()}.abcdefgh.tmp"
    mine.write_bytes(b"being written")
    # Nor is a file another program named: only the toolkit's own names are removed.
    foreign = running.parent / ".draft.1.backup.tmp"
    foreign.write_bytes(b"not ours")
    result = run(letter_project, *command)
    assert result.exit_code == 0, result.output
    assert not left.exists()
    assert mine.exists() and foreign.exists()


@pytest.mark.parametrize("pdf_apart", [False, True], ids=["pdf-in-process", "pdf-in-a-child"])
def test_a_read_only_temporary_folder(
    letter_project: Path, run: Run, mount: Mount, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pdf_apart: bool
):
    # Pandoc writes each edition into a temporary folder, and a book's PDF goes to Typst through one; a
    # letter's PDF, compiled in the build's process with the shipped fonts alone, needs none, and is made,
    # but not put in place: the build replaces all its editions or none.
    monkeypatch.setattr(tempfile, "tempdir", str(mount(tmp_path / "tmp", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs")))
    if pdf_apart:
        monkeypatch.setattr(pdf, "PDF_APART", 0)
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, "build", "--lang", "es"))
    for edition in ("pdf", "epub", "docx") if pdf_apart else ("epub", "docx"):
        assert f"outputs/es/letter.{edition}: cannot make the edition: " in error, error
    assert pdf_apart or "letter.pdf" not in error, error
    assert "Read-only file system" in error, error
    assert snapshot(letter_project) == before


def test_an_interrupted_build_replaces_no_edition_and_leaves_no_temporary(letter_project: Path):
    project = Project(letter_project)
    build(project, ["es"])
    _edit(letter_project / PO, '"Nota del editor: El 7', '"Nota de la redacción: El 7')
    before = snapshot(letter_project)

    def interrupt(result: object, done: int, total: int) -> None:
        raise KeyboardInterrupt  # Ctrl-C as the first edition is done

    with pytest.raises(KeyboardInterrupt):
        build(project, ["es"], progress=interrupt)
    assert snapshot(letter_project) == before
    assert _temporaries(letter_project / "outputs") == []
