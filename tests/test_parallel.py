"""Work shared over the cores: the same catalog entries, findings and editions as on one core."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, copy_project
from .parallel_cases import CASES, large_catalog

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
    reason="not Linux, or one core: everything runs in the one process",
)


def test_a_fresh_process_may_use_every_core():
    """What the cases below need: no thread but its own in a command's process (this one has Typst's after a PDF)."""
    fresh = subprocess.run(
        [sys.executable, "-c", "from toolkit import parallel; print(parallel.cores())"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(fresh.stdout) == len(os.sched_getaffinity(0)) >= 2


@pytest.mark.parametrize("case", sorted(CASES))
def test_in_a_fresh_process(case: str):
    done = subprocess.run(
        [sys.executable, "-m", "tests.parallel_cases", case], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def _check(root: Path, *, one_core: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(root), "check", "--lang", "es", "--json"],
        capture_output=True,
        text=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if one_core else None,
    )


def test_check_on_every_core_finds_what_one_core_finds(tmp_path: Path):
    root = copy_project(REPO, tmp_path / "letter")
    catalog = root / "locale" / "es" / "LC_MESSAGES" / "letter.po"
    catalog.write_text(large_catalog(), encoding="utf-8")
    shared, alone = _check(root, one_core=False), _check(root, one_core=True)
    assert shared.returncode == alone.returncode == 0, shared.stderr + alone.stderr
    assert shared.stdout == alone.stdout
    findings = json.loads(shared.stdout)["findings"]
    lines = catalog.read_text(encoding="utf-8").split("\n")
    planted = [(f["check"], f["key"].split(":")[0]) for f in findings if f["check"] in ("number", "note-call")]
    assert planted == [("number", "copy30"), ("number", "copy90"), ("note-call", "copy100")]
    for finding in findings:
        assert lines[finding["line"] - 1].startswith("msgstr"), finding
    assert [f["line"] for f in findings] == sorted(f["line"] for f in findings)


def _build(root: Path, *, one_core: bool, lang: str = "es") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(root), "build", "--lang", lang],
        capture_output=True,
        text=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if one_core else None,
    )


def test_a_letter_read_beside_its_build_makes_the_editions_one_core_makes(tmp_path: Path):
    """A letter's documents are read in a forked child (`commands.build.READ_BESIDE_BELOW`), on one core here."""
    shared, alone = copy_project(REPO, tmp_path / "shared"), copy_project(REPO, tmp_path / "alone")
    built = {root: _build(root, one_core=root == alone, lang="all") for root in (shared, alone)}
    assert all(done.returncode == 0 for done in built.values()), [done.stderr for done in built.values()]
    assert built[shared].stdout == built[alone].stdout and built[shared].stderr == built[alone].stderr
    editions = sorted(path.relative_to(shared) for path in (shared / "outputs").glob("*/letter.*"))
    assert len(editions) == 6  # es and en, each as PDF, EPUB and DOCX
    for edition in editions:
        assert (shared / edition).read_bytes() == (alone / edition).read_bytes(), edition


def test_a_bad_catalog_read_beside_its_build_is_the_same_one_line(tmp_path: Path):
    runs = {}
    for one_core in (False, True):
        root = copy_project(REPO, tmp_path / str(one_core))
        catalog = root / "locale/es/LC_MESSAGES/letter.po"
        catalog.write_text(catalog.read_text(encoding="utf-8") + '\nmsgid "unclosed\n', encoding="utf-8")
        runs[one_core] = _build(root, one_core=one_core)
        assert not (root / "outputs").exists() or not any((root / "outputs").rglob("letter.*"))
    assert runs[False].returncode == runs[True].returncode == 2
    assert runs[False].stderr == runs[True].stderr
    error = runs[False].stderr
    assert error.startswith("Error: locale/es/LC_MESSAGES/letter.po:") and error.count("\n") == 1, error
